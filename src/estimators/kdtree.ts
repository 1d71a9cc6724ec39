/**
 * A k-d tree over points in any dimension, for the k-nearest-neighbour estimators: k-NN queries
 * and radius counts in the max-norm (Chebyshev distance, ‖u − v‖∞ = maxⱼ |uⱼ − vⱼ|), as Kraskov
 * et al. use.
 *
 * Built by median splits on the dimension of largest spread (leaves of at most 12 points), with
 * each node's bounding box, so that a query skips boxes farther than its current bound and a
 * radius count adds whole boxes that lie inside the radius. Points are copied in tree order for
 * locality. Build O(n log n); queries O(log n) typical in low dimension.
 *
 * Reference: J. L. Bentley, "Multidimensional binary search trees used for associative
 * searching", CACM 18 (1975); Friedman, Bentley & Finkel, ACM TOMS 3 (1977).
 *
 * @example
 * ```ts
 * const tree = new KdTree(Float64Array.of(0, 0, 1, 0, 0, 3), 2); // three 2-D points
 * tree.kthDistance(Float64Array.of(0, 0), 1, 0); // 1: the nearest other point is (1, 0)
 * tree.countWithin(Float64Array.of(0, 0), 1, true, 0); // 0 (strict: distance < 1)
 * tree.countWithin(Float64Array.of(0, 0), 1, false, 0); // 1 (distance ≤ 1)
 * ```
 */
export class KdTree {
  /** Dimension. */
  readonly dim: number;
  /** Number of points. */
  readonly size: number;
  /** Points in tree order, row-major. */
  readonly #pts: Float64Array;
  /** Original index of each point in tree order. */
  readonly #id: Int32Array;
  // Nodes: [start, end) in tree order, children (−1 for leaves), bounding boxes (lo, hi per dim).
  readonly #start: Int32Array;
  readonly #end: Int32Array;
  readonly #left: Int32Array;
  readonly #right: Int32Array;
  readonly #box: Float64Array;
  #nodes = 0;
  /** The leaf holding each position of the tree order. */
  readonly #leafAt: Int32Array;
  // Query scratch: a stack of nodes and a bounded max-heap of (distance, id).
  #stack = new Int32Array(256);
  #stackD = new Float64Array(256);
  #heapD = new Float64Array(16);
  #heapI = new Int32Array(16);
  #hsize = 0;
  #bound = Number.POSITIVE_INFINITY;
  /** Parent of each node (−1 for the root). */
  readonly #parent: Int32Array;

  /**
   * @param points - n points × dim coordinates, row-major (finite numbers; checked by callers).
   * @param dim - coordinates per point, ≥ 1.
   */
  constructor(points: ArrayLike<number>, dim: number) {
    const n = Math.floor(points.length / dim);
    this.dim = dim;
    this.size = n;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const maxNodes = Math.max(1, 2 * Math.ceil(n / 6) + 1);
    this.#start = new Int32Array(maxNodes);
    this.#end = new Int32Array(maxNodes);
    this.#left = new Int32Array(maxNodes);
    this.#right = new Int32Array(maxNodes);
    this.#parent = new Int32Array(maxNodes).fill(-1);
    this.#box = new Float64Array(maxNodes * dim * 2);
    // The points are copied once and reordered in place as the tree is built (rows swapped with
    // their ids), so every node's points are contiguous while its box is measured and split.
    this.#pts = new Float64Array(n * dim);
    for (let i = 0; i < n * dim; i++) this.#pts[i] = points[i];
    this.#id = order;
    this.#leafAt = new Int32Array(n);
    this.#build(0, n);
  }

  /**
   * Builds the tree over rows s..e, depth first with an explicit stack (node 0 the root). A loop, not recursion: V8 optimizes it once, where a recursive
   * builder was deoptimized at every return into code that had not run yet (~1,600 times for
   * 10⁵ points, most of the build's time).
   */
  #build(s0: number, e0: number): void {
    const d = this.dim;
    const pts = this.#pts;
    const box = this.#box;
    // Entries (parent, side, s, e); a node is numbered when taken, so numbers follow preorder
    // (a subtree's nodes are contiguous, which the queries' climbs read from cache).
    const todo: number[] = [-1, 0, s0, e0];
    while (todo.length > 0) {
      const e = todo.pop() as number;
      const s = todo.pop() as number;
      const side = todo.pop() as number;
      const parent = todo.pop() as number;
      const node = this.#nodes++;
      if (parent >= 0) {
        if (side === 0) this.#left[parent] = node;
        else this.#right[parent] = node;
        this.#parent[node] = parent;
      }
      this.#start[node] = s;
      this.#end[node] = e;
      const b = node * d * 2;
      let widest = 0;
      let width = -1;
      for (let j = 0; j < d; j++) {
        let lo = Number.POSITIVE_INFINITY;
        let hi = Number.NEGATIVE_INFINITY;
        for (let i = s * d + j, end = e * d; i < end; i += d) {
          const v = pts[i] as number;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        box[b + 2 * j] = lo;
        box[b + 2 * j + 1] = hi;
        if (hi - lo > width) {
          width = hi - lo;
          widest = j;
        }
      }
      if (e - s <= 12 || width <= 0) {
        this.#left[node] = -1;
        this.#right[node] = -1;
        this.#leafAt.fill(node, s, e);
        continue;
      }
      const mid = (s + e) >> 1;
      selectRows(pts, this.#id, d, widest, s, e - 1, mid);
      todo.push(node, 1, mid, e, node, 0, s, mid);
    }
  }

  /**
   * The original index of the point at each position of the tree order (leaf by leaf). Queries
   * made in this order visit neighbouring points one after another, so they reuse the nodes and
   * points already in cache. Read only.
   */
  get order(): Int32Array {
    return this.#id;
  }

  /** The leaf node that holds position `t` of {@link KdTree.order} (a `seed` for kNearest). */
  leafAt(t: number): number {
    return this.#leafAt[t] as number;
  }

  /** Max-norm distance from q to node's box (0 inside). */
  #boxDistance(node: number, q: ArrayLike<number>): number {
    const d = this.dim;
    const b = node * d * 2;
    let m = 0;
    for (let j = 0; j < d; j++) {
      const v = q[j];
      const lo = this.#box[b + 2 * j];
      const hi = this.#box[b + 2 * j + 1];
      const t = v < lo ? lo - v : v > hi ? v - hi : 0;
      if (t > m) m = t;
    }
    return m;
  }

  /** Largest max-norm distance from q to a point of node's box. */
  #boxFarthest(node: number, q: ArrayLike<number>): number {
    const d = this.dim;
    const b = node * d * 2;
    let m = 0;
    for (let j = 0; j < d; j++) {
      const v = q[j];
      const t = Math.max(v - this.#box[b + 2 * j], this.#box[b + 2 * j + 1] - v);
      if (t > m) m = t;
    }
    return m;
  }

  #push(node: number, top: number, dist = 0): number {
    if (top >= this.#stack.length) {
      const s = new Int32Array(this.#stack.length * 2);
      s.set(this.#stack);
      this.#stack = s;
      const d = new Float64Array(this.#stackD.length * 2);
      d.set(this.#stackD);
      this.#stackD = d;
    }
    this.#stack[top] = node;
    this.#stackD[top] = dist;
    return top + 1;
  }

  /**
   * The k nearest points to q (max-norm), skipping the point of original index `exclude`
   * (−1: none). Fills `outIds` (original indices) and `outDist` in increasing distance when given.
   *
   * With a `seed` leaf (the query point's own, in tree-order queries: {@link KdTree.leafAt}) the
   * search starts there and climbs: at each ancestor it searches the sibling subtree when its box
   * is nearer than the current k-th distance, and stops as soon as the ball of that radius lies
   * inside the ancestor's box (every point outside it is then at least that far: the median splits
   * put it beyond the box on some coordinate). Without a seed it descends from the root.
   *
   * @returns the distance to the k-th nearest point (+∞ when fewer than k points remain).
   */
  kNearest(
    q: ArrayLike<number>,
    k: number,
    exclude = -1,
    outIds?: Int32Array,
    outDist?: Float64Array,
    seed = -1,
  ): number {
    if (this.#heapD.length < k) {
      this.#heapD = new Float64Array(k);
      this.#heapI = new Int32Array(k);
    }
    this.#hsize = 0;
    this.#bound = Number.POSITIVE_INFINITY;
    if (seed > 0) {
      this.#search(seed, 0, q, k, exclude);
      let node = seed;
      while (node !== 0) {
        if (this.#hsize === k && this.#ballInside(node, q, this.#bound)) break;
        const p = this.#parent[node];
        const l = this.#left[p];
        const sib = l === node ? this.#right[p] : l;
        const ds = this.#boxDistance(sib, q);
        if (this.#hsize < k || ds < this.#bound) this.#search(sib, ds, q, k, exclude);
        node = p;
      }
    } else {
      this.#search(0, this.#boxDistance(0, q), q, k, exclude);
    }
    const hd = this.#heapD;
    const hi = this.#heapI;
    if (this.#hsize < k) return Number.POSITIVE_INFINITY;
    if (outIds !== undefined || outDist !== undefined) {
      // heap sort ascending
      const ids = Array.from(hi.subarray(0, k), (id, t) => [hd[t], id] as const).sort(
        (a, b) => a[0] - b[0] || a[1] - b[1],
      );
      for (let t = 0; t < k; t++) {
        if (outDist) outDist[t] = ids[t][0];
        if (outIds) outIds[t] = ids[t][1];
      }
    }
    return hd[0];
  }

  /** Whether every point within max-norm distance `r` of q lies inside node's box (≥ r from each face). */
  #ballInside(node: number, q: ArrayLike<number>, r: number): boolean {
    const d = this.dim;
    const b = node * d * 2;
    for (let j = 0; j < d; j++) {
      const v = q[j];
      if (v - this.#box[b + 2 * j] < r || this.#box[b + 2 * j + 1] - v < r) return false;
    }
    return true;
  }

  /**
   * Searches the subtree at `root` (box distance `dist` from q; a leaf is scanned) into the
   * bounded max-heap of the k nearest, pruning by the current k-th distance. The heap's size and
   * bound are kept in locals during the search (and in fields between searches).
   */
  #search(root: number, dist: number, q: ArrayLike<number>, k: number, exclude: number): void {
    const d = this.dim;
    const pts = this.#pts;
    const ids = this.#id;
    const hd = this.#heapD;
    const hi = this.#heapI;
    const q0 = q[0] as number;
    const q1 = d > 1 ? (q[1] as number) : 0;
    let size = this.#hsize;
    let bound = this.#bound;
    let top = this.#push(root, 0, dist);
    while (top > 0) {
      const node = this.#stack[--top] as number;
      if (size === k && (this.#stackD[top] as number) >= bound) continue;
      const l = this.#left[node] as number;
      if (l >= 0) {
        const r = this.#right[node] as number;
        // Visit the nearer child first (push it last).
        const dl = this.#boxDistance(l, q);
        const dr = this.#boxDistance(r, q);
        if (dl <= dr) {
          if (size < k || dr < bound) top = this.#push(r, top, dr);
          top = this.#push(l, top, dl);
        } else {
          if (size < k || dl < bound) top = this.#push(l, top, dl);
          top = this.#push(r, top, dr);
        }
        continue;
      }
      // A leaf: offer each point (but `exclude`) to the heap.
      for (let i = this.#start[node] as number, e = this.#end[node] as number; i < e; i++) {
        let m: number;
        const o = i * d;
        if (d === 2) {
          const a = Math.abs((pts[o] as number) - q0);
          const c = Math.abs((pts[o + 1] as number) - q1);
          m = a > c ? a : c;
        } else {
          m = 0;
          for (let j = 0; j < d; j++) {
            const t = Math.abs((pts[o + j] as number) - (q[j] as number));
            if (t > m) m = t;
          }
        }
        if (size === k && !(m < bound)) continue;
        const id = ids[i] as number;
        if (id === exclude) continue;
        if (size < k) {
          // sift up
          let c = size++;
          while (c > 0) {
            const p = (c - 1) >> 1;
            if ((hd[p] as number) >= m) break;
            hd[c] = hd[p] as number;
            hi[c] = hi[p] as number;
            c = p;
          }
          hd[c] = m;
          hi[c] = id;
          if (size === k) bound = hd[0] as number;
        } else {
          // replace the root, sift down
          let c = 0;
          for (;;) {
            const a = 2 * c + 1;
            if (a >= k) break;
            const b = a + 1 < k && (hd[a + 1] as number) > (hd[a] as number) ? a + 1 : a;
            if ((hd[b] as number) <= m) break;
            hd[c] = hd[b] as number;
            hi[c] = hi[b] as number;
            c = b;
          }
          hd[c] = m;
          hi[c] = id;
          bound = hd[0] as number;
        }
      }
    }
    this.#hsize = size;
    this.#bound = bound;
  }

  /** Distance from q to its k-th nearest point (max-norm), skipping `exclude`. */
  kthDistance(q: ArrayLike<number>, k: number, exclude = -1): number {
    return this.kNearest(q, k, exclude);
  }

  /**
   * Number of points within max-norm distance r of q: ‖p − q‖∞ < r when `strict`, ≤ r otherwise,
   * skipping the point of original index `exclude`.
   */
  countWithin(q: ArrayLike<number>, r: number, strict: boolean, exclude = -1): number {
    const d = this.dim;
    const pts = this.#pts;
    let count = 0;
    let top = this.#push(0, 0);
    while (top > 0) {
      const node = this.#stack[--top];
      const near = this.#boxDistance(node, q);
      if (strict ? near >= r : near > r) continue;
      const far = this.#boxFarthest(node, q);
      const s = this.#start[node];
      const e = this.#end[node];
      if (strict ? far < r : far <= r) {
        count += e - s;
        if (exclude >= 0) {
          for (let i = s; i < e; i++) {
            if (this.#id[i] === exclude) {
              count--;
              break;
            }
          }
        }
        continue;
      }
      const l = this.#left[node];
      if (l < 0) {
        for (let i = s; i < e; i++) {
          if (this.#id[i] === exclude) continue;
          let m = 0;
          const o = i * d;
          for (let j = 0; j < d; j++) {
            const t = Math.abs(pts[o + j] - q[j]);
            if (t > m) m = t;
          }
          if (strict ? m < r : m <= r) count++;
        }
      } else {
        top = this.#push(l, top);
        top = this.#push(this.#right[node], top);
      }
    }
    return count;
  }
}

/**
 * Quickselect on rows: reorders the rows lo..hi of `pts` (dim coordinates each, with their ids)
 * so that row k holds the k-th smallest value of coordinate `j`, smaller ones before it and larger
 * ones after.
 */
function selectRows(
  pts: Float64Array,
  ids: Int32Array,
  dim: number,
  j: number,
  lo: number,
  hi: number,
  k: number,
): void {
  while (hi > lo) {
    const pivot = pts[((lo + hi) >> 1) * dim + j];
    let a = lo;
    let b = hi;
    while (a <= b) {
      while (pts[a * dim + j] < pivot) a++;
      while (pts[b * dim + j] > pivot) b--;
      if (a <= b) {
        if (a !== b) {
          for (let t = 0, oa = a * dim, ob = b * dim; t < dim; t++) {
            const v = pts[oa + t];
            pts[oa + t] = pts[ob + t];
            pts[ob + t] = v;
          }
          const id = ids[a];
          ids[a] = ids[b];
          ids[b] = id;
        }
        a++;
        b--;
      }
    }
    if (k <= b) hi = b;
    else if (k >= a) lo = a;
    else return;
  }
}
