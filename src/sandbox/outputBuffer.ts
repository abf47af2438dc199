// Collects what a cell prints, keeping the head and the tail within a character budget:
// the start shows what the code did, the end usually holds its conclusion.

export class OutputBuffer {
  private head = '';
  private tail = '';
  private cut = 0;
  private readonly headBudget: number;
  private readonly tailBudget: number;

  constructor(maxChars: number) {
    this.headBudget = Math.ceil(maxChars * 0.8);
    this.tailBudget = maxChars - this.headBudget;
  }

  /** `fullLength` is the length before the guest cut `text` short (it never sends more than the budget). */
  write(text: string, fullLength = text.length): void {
    this.cut += Math.max(0, fullLength - text.length);
    const room = this.headBudget - this.head.length;
    if (room > 0) {
      this.head += text.slice(0, room);
      text = text.slice(room);
    }
    if (!text) return;
    const joined = this.tail + text;
    const overflow = joined.length - this.tailBudget;
    if (overflow > 0) this.cut += overflow;
    this.tail = overflow > 0 ? joined.slice(overflow) : joined;
  }

  toString(): string {
    if (this.cut === 0) return this.head + this.tail;
    const marker = `\n… [output cut: ${this.cut.toLocaleString('en-US')} characters not shown; print less — filter, slice or summarise before printing] …\n`;
    return this.head + marker + this.tail;
  }
}
