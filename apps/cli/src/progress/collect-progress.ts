import type { KindProgress } from '@meshguard/k8s';

/**
 * Turns the collector's per-page reports into one line: kinds done so far, objects so far, and the kinds still being
 * listed with their counts, e.g. "Collecting 12/25 kinds, 48,211 objects · pods 30,500 (61 pages) · secrets 9,000".
 */
export class CollectProgressLine {
  private readonly kinds = new Map<string, KindProgress>();

  record(progress: KindProgress): string {
    this.kinds.set(progress.kind, progress);
    const objects = [...this.kinds.values()].reduce((sum, kind) => sum + kind.objects, 0);
    const largest = [...this.kinds.values()]
      .sort((a, b) => b.objects - a.objects)
      .slice(0, 3)
      .map((kind) => `${kind.kind} ${count(kind.objects)}${kind.pages > 1 ? ` (${kind.pages} pages)` : ''}`);
    return `Collecting ${this.kinds.size}/${progress.kindsToList} kinds, ${count(objects)} objects · ${largest.join(' · ')}`;
  }

  get objects(): number {
    return [...this.kinds.values()].reduce((sum, kind) => sum + kind.objects, 0);
  }
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}
