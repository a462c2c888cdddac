/**
 * Cholesky factorization A = L L' of a small symmetric positive definite matrix, stored
 * row-major in a Float64Array, with solves and the inverse.
 */

/** Returns L (row-major, lower triangle), or undefined when A is not positive definite. */
export function choleskyFactor(matrix: Float64Array, size: number): Float64Array | undefined {
  const lower = new Float64Array(size * size);
  for (let j = 0; j < size; j++) {
    let diagonal = matrix[j * size + j]!;
    for (let k = 0; k < j; k++) diagonal -= lower[j * size + k]! ** 2;
    if (!(diagonal > 0)) return undefined;

    const pivot = Math.sqrt(diagonal);
    lower[j * size + j] = pivot;
    for (let i = j + 1; i < size; i++) {
      let value = matrix[i * size + j]!;
      for (let k = 0; k < j; k++) value -= lower[i * size + k]! * lower[j * size + k]!;
      lower[i * size + j] = value / pivot;
    }
  }
  return lower;
}

/** Solves L L' x = b and returns x. */
export function choleskySolve(lower: Float64Array, size: number, rhs: Float64Array): Float64Array {
  const x = Float64Array.from(rhs);
  for (let i = 0; i < size; i++) {
    let value = x[i]!;
    for (let k = 0; k < i; k++) value -= lower[i * size + k]! * x[k]!;
    x[i] = value / lower[i * size + i]!;
  }
  for (let i = size - 1; i >= 0; i--) {
    let value = x[i]!;
    for (let k = i + 1; k < size; k++) value -= lower[k * size + i]! * x[k]!;
    x[i] = value / lower[i * size + i]!;
  }
  return x;
}

/** Returns A^-1 (row-major) from the factor L of A. */
export function choleskyInverse(lower: Float64Array, size: number): Float64Array {
  const inverse = new Float64Array(size * size);
  const unit = new Float64Array(size);
  for (let j = 0; j < size; j++) {
    unit.fill(0);
    unit[j] = 1;
    const column = choleskySolve(lower, size, unit);
    for (let i = 0; i < size; i++) inverse[i * size + j] = column[i]!;
  }
  return inverse;
}
