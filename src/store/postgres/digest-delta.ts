/**
 * The change one write makes to the (site, year) digests and to the write summary, summed over
 * its batches and applied to `observation_digests` before the write commits.
 *
 * A digest is the row count and the XOR and sum of the 64-bit row hashes of one site and
 * UTC year. A new row adds its hash; a replaced row removes the stored hash and adds its own.
 * XOR and sum do not depend on order, so equal stored rows give equal digests whatever the
 * write history.
 */
import type pg from 'pg';

import type { ClassifiedGroup } from './classify-batch.ts';
import { digestSum, digestXor, type IncomingDigest } from './plan-partitions.ts';

interface GroupDelta {
  site: string;
  year: number;
  added: bigint;
  changed: number;
  hashXor: bigint;
  hashSum: bigint;
  minTime: number;
  maxTime: number;
}

export class DigestDelta {
  added = 0;
  firstUnchanged = 0;
  firstReplaced = 0;
  /** Rows whose hash differs from the stored one: the rows the upserts should write. */
  changed = 0;
  private readonly groups = new Map<string, GroupDelta>();

  /** Adds the groups one batch returned. */
  add(batch: ClassifiedGroup[]): void {
    for (const group of batch) {
      this.added += Number(group.added);
      this.firstUnchanged += Number(group.first_unchanged);
      this.firstReplaced += Number(group.first_replaced);
      this.changed += Number(group.changed);
      this.addGroup(group);
    }
  }

  /** Adds a partition with no stored row: every row is added and changed. */
  addNewPartition(digest: IncomingDigest): void {
    this.added += digest.rows;
    this.changed += digest.rows;
    this.addGroup({
      site: digest.site,
      year: digest.year,
      added: String(digest.rows),
      changed: String(digest.rows),
      hash_xor: digestXor(digest),
      hash_sum: digestSum(digest),
      min_time: digest.minTime,
      max_time: digest.maxTime,
    });
  }

  /** Folds the changed groups into `observation_digests` in one statement. */
  async apply(client: pg.PoolClient, schema: string): Promise<void> {
    const changed = [...this.groups.values()].filter((g) => g.changed > 0);
    if (changed.length === 0) return;

    await client.query(
      `INSERT INTO ${schema}.observation_digests AS d
         (site, year, rows, hash_xor, hash_sum, min_time, max_time)
       SELECT * FROM unnest($1::text[], $2::int4[], $3::int8[], $4::int8[], $5::numeric[],
         $6::float8[], $7::float8[])
       ON CONFLICT (site, year) DO UPDATE SET
         rows = d.rows + excluded.rows,
         hash_xor = d.hash_xor # excluded.hash_xor,
         hash_sum = d.hash_sum + excluded.hash_sum,
         min_time = least(d.min_time, excluded.min_time),
         max_time = greatest(d.max_time, excluded.max_time)`,
      [
        changed.map((g) => g.site),
        changed.map((g) => g.year),
        changed.map((g) => g.added.toString()),
        changed.map((g) => g.hashXor.toString()),
        changed.map((g) => g.hashSum.toString()),
        changed.map((g) => g.minTime),
        changed.map((g) => g.maxTime),
      ],
    );
  }

  private addGroup(
    group: Pick<
      ClassifiedGroup,
      'site' | 'year' | 'added' | 'changed' | 'hash_xor' | 'hash_sum' | 'min_time' | 'max_time'
    >,
  ): void {
    const key = `${group.site}\u0000${group.year}`;
    const delta = this.groups.get(key) ?? {
      site: group.site,
      year: group.year,
      added: 0n,
      changed: 0,
      hashXor: 0n,
      hashSum: 0n,
      minTime: Infinity,
      maxTime: -Infinity,
    };
    delta.added += BigInt(group.added);
    delta.changed += Number(group.changed);
    // Both operands are signed 64-bit values, so their XOR is one too.
    delta.hashXor ^= BigInt(group.hash_xor);
    delta.hashSum += BigInt(group.hash_sum);
    delta.minTime = Math.min(delta.minTime, group.min_time);
    delta.maxTime = Math.max(delta.maxTime, group.max_time);
    this.groups.set(key, delta);
  }
}
