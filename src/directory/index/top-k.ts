/**
 * The k smallest of 0..n−1 under `cmp`, in order: a bounded max-heap, so ranking 30,000
 * candidates to show twenty costs about 30,000 comparisons, not a full sort. With `prune`, when
 * `cmp` orders by score first, a candidate whose score bound is below the worst kept one's score
 * is passed over without a comparison (nor a score). With `among`, ranks those numbers instead of 0..n−1.
 */
export function smallest(
  n: number,
  k: number,
  cmp: (a: number, b: number) => number,
  prune?: { bounds: Float64Array; scores: Float64Array; score: (c: number) => void },
  among?: number[],
): number[] {
  if (among) n = among.length;
  if (k >= n) return (among ? [...among] : Array.from({ length: n }, (_, i) => i)).sort(cmp);
  // A max-heap (the worst kept candidate at the root) in a typed array; swaps through a
  // temporary, as a destructuring swap allocates an array each time.
  const heap = new Int32Array(k);
  let size = 0;
  const bounds = prune?.bounds;
  const scores = prune?.scores;
  for (let j = 0; j < n; j++) {
    const c = among ? among[j]! : j;
    if (size < k) {
      let i = size++;
      heap[i] = c;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (cmp(heap[i]!, heap[parent]!) <= 0) break;
        const t = heap[i]!;
        heap[i] = heap[parent]!;
        heap[parent] = t;
        i = parent;
      }
    } else {
      if (bounds && scores) {
        // Ranked by score first: c cannot displace the worst kept if its bound is below that score.
        const worst = heap[0]!;
        if (scores[worst]! !== scores[worst]!) prune!.score(worst);
        if (bounds[c]! < scores[worst]!) continue;
      }
      if (cmp(c, heap[0]!) >= 0) continue;
      heap[0] = c;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let worst = i;
        if (l < size && cmp(heap[l]!, heap[worst]!) > 0) worst = l;
        if (r < size && cmp(heap[r]!, heap[worst]!) > 0) worst = r;
        if (worst === i) break;
        const t = heap[i]!;
        heap[i] = heap[worst]!;
        heap[worst] = t;
        i = worst;
      }
    }
  }
  return Array.from(heap).sort(cmp);
}
