// Original file: proto/marina/v1/marina.proto

import type { ObjectChange as _marina_v1_ObjectChange, ObjectChange__Output as _marina_v1_ObjectChange__Output } from '../../marina/v1/ObjectChange';

/**
 * A snapshot comes in one or more chunks (messages) of bounded size, each
 * with the snapshot's revision; `more` is set on every chunk but the last.
 * The consumer applies the snapshot (the union of the chunks' objects) once
 * the last chunk has arrived; no batch comes between chunks.
 */
export interface WatchSnapshot {
  /**
   * Objects of this chunk, as puts.
   */
  'objects'?: (_marina_v1_ObjectChange)[];
  /**
   * True when sent because the requested revision was compacted away.
   */
  'resync'?: (boolean);
  /**
   * Another chunk of this snapshot follows.
   */
  'more'?: (boolean);
}

/**
 * A snapshot comes in one or more chunks (messages) of bounded size, each
 * with the snapshot's revision; `more` is set on every chunk but the last.
 * The consumer applies the snapshot (the union of the chunks' objects) once
 * the last chunk has arrived; no batch comes between chunks.
 */
export interface WatchSnapshot__Output {
  /**
   * Objects of this chunk, as puts.
   */
  'objects'?: (_marina_v1_ObjectChange__Output)[];
  /**
   * True when sent because the requested revision was compacted away.
   */
  'resync'?: (boolean);
  /**
   * Another chunk of this snapshot follows.
   */
  'more'?: (boolean);
}
