// Types of field-kernel.js.
import type { KernelMemory } from './scan-rows.js';

export const KERNEL_PADDING: number;

/**
 * scan(p, end, out, stride, outLimit): writes one record per line of bytes [p, end) from
 * address `out` and returns the address after the last record.
 */
export type FieldKernel = (
  p: number,
  end: number,
  out: number,
  stride: number,
  outLimit: number,
) => number;

export const FIELD_SLOTS_AT: number;
export const NUMBER_SLOTS_AT: number;
export const POWERS_AT: number;
export const NEXT_KEPT_AT: number;
export const TABLES_BYTES: number;

export function createFieldKernel(memory: KernelMemory): FieldKernel;
export function writeKernelTables(
  memory: KernelMemory,
  fieldSlots: Uint8Array,
  numberSlots: Uint8Array,
): void;
export function moduleBytes(): Uint8Array;
