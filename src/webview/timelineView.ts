// Draws a timeline layout (timelineLayout.ts): a time axis, then per RLM its tracks, one row per
// lane, each node a bar placed by CSSOM (style properties set from script pass the CSP; style
// attributes would not). Hovering a bar shows the node in the line below; a click selects it.
import type { TraceNode } from '../protocol/trace.js';
import { h } from './dom.js';
import { formatCost, formatMs, formatTokens } from './format.js';
import type { TimelineBar, TimelineLayout, TimelineTrack } from './timelineLayout.js';

export interface TimelineViewOptions {
  onSelect(id: string): void;
  /** The node behind a bar, for the hover line. */
  node(id: string): TraceNode | undefined;
}

export class TimelineView {
  readonly root: HTMLElement;
  private readonly lanes: HTMLElement;
  private readonly axis: HTMLElement;
  private readonly hover: HTMLElement;
  private selectedId: string | undefined;

  constructor(
    private readonly doc: Document,
    private readonly options: TimelineViewOptions,
  ) {
    this.axis = h(doc, 'div', { class: 'tl-axis', 'aria-hidden': 'true' });
    this.lanes = h(doc, 'div', { class: 'tl-lanes' });
    this.hover = h(doc, 'p', { class: 'tl-hover', 'data-testid': 'timeline-hover', 'aria-live': 'polite' });
    this.root = h(
      doc,
      'div',
      { class: 'timeline', role: 'group', 'aria-label': 'Timeline', 'data-testid': 'timeline' },
      this.axis,
      this.lanes,
      this.hover,
    );
    this.lanes.addEventListener('click', (e) => {
      const id = barId(e.target);
      if (id) this.options.onSelect(id);
    });
    this.lanes.addEventListener('mouseover', (e) => this.describe(barId(e.target) ?? this.selectedId));
    this.lanes.addEventListener('focusin', (e) => this.describe(barId(e.target)));
    this.lanes.addEventListener('mouseleave', () => this.describe(this.selectedId));
  }

  render(layout: TimelineLayout): void {
    const doc = this.doc;
    this.axis.replaceChildren(
      ...layout.ticks.map((tick) => {
        const mark = h(doc, 'span', { class: 'tl-tick' }, formatMs(tick.ms));
        mark.style.left = percent(tick.offset);
        return mark;
      }),
    );
    const rows: HTMLElement[] = [];
    for (const section of layout.sections) {
      rows.push(h(doc, 'div', { class: 'tl-section' }, section.depth > 0 ? `child RLM: ${section.label}` : section.label));
      for (const track of section.tracks) rows.push(...this.track(track));
    }
    this.lanes.replaceChildren(...(rows.length ? rows : [h(doc, 'p', { class: 'empty' }, 'No calls yet.')]));
    this.describe(this.selectedId);
  }

  /** Marks the bar of `id` (from the tree); undefined clears. */
  select(id: string | undefined): void {
    this.selectedId = id;
    for (const bar of this.lanes.querySelectorAll<HTMLElement>('.tl-bar')) {
      const on = bar.dataset.id === id;
      bar.classList.toggle('selected', on);
      bar.setAttribute('aria-pressed', String(on));
      if (on) bar.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
    this.describe(id);
  }

  private track(track: TimelineTrack): HTMLElement[] {
    const doc = this.doc;
    return track.lanes.map((lane) => {
      const title = lane.title
        ? [lane.title, ...(track.peak > 1 ? [`${track.peak} at once`] : []), ...(track.costUsd ? [formatCost(track.costUsd)] : [])].join(
            ' · ',
          )
        : '';
      return h(
        doc,
        'div',
        { class: `tl-lane track-${track.kind}`, 'data-track': track.kind },
        h(doc, 'span', { class: 'tl-lane-title', title }, title),
        h(doc, 'div', { class: 'tl-track' }, ...lane.bars.map((bar) => this.bar(bar))),
      );
    });
  }

  private bar(bar: TimelineBar): HTMLElement {
    const el = h(
      this.doc,
      'button',
      {
        type: 'button',
        class: `tl-bar kind-${bar.kind} status-${bar.status}${bar.open ? ' open' : ''}${bar.id === this.selectedId ? ' selected' : ''}`,
        'data-id': bar.id,
        'aria-pressed': String(bar.id === this.selectedId),
        title: `${bar.label} · ${bar.status} · ${formatMs(bar.durationMs)}`,
      },
      h(this.doc, 'span', { class: 'tl-bar-label' }, bar.label),
    );
    el.style.left = percent(bar.offset);
    el.style.width = percent(bar.width);
    return el;
  }

  private describe(id: string | undefined): void {
    const node = id ? this.options.node(id) : undefined;
    if (!node) {
      this.hover.textContent = 'Hover a bar to see its call; click it to find it in the tree.';
      return;
    }
    const parts = [node.label, node.model, node.status];
    if (node.endMs !== undefined) parts.push(formatMs(node.endMs - node.startMs));
    if (node.inputTokens !== undefined || node.outputTokens !== undefined)
      parts.push(`${formatTokens(node.inputTokens ?? 0)} in · ${formatTokens(node.outputTokens ?? 0)} out`);
    if (node.costUsd) parts.push(formatCost(node.costUsd));
    this.hover.textContent = parts.filter(Boolean).join(' · ');
  }
}

function barId(target: EventTarget | null): string | undefined {
  return (target as HTMLElement | null)?.closest?.<HTMLElement>('.tl-bar')?.dataset.id;
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(3)}%`;
}
