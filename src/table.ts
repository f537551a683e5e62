/** Plain-text tables for the terminal: columns padded to their widest cell, numbers right-aligned. */
export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** Cells longer than this are cut with an ellipsis. */
  max?: number;
}

function cut(text: string, max: number | undefined): string {
  if (!max || text.length <= max) return text;
  return `${text.slice(0, Math.max(1, max - 1))}…`;
}

export function renderTable(columns: Column[], rows: string[][]): string {
  const cells = rows.map((row) => columns.map((c, i) => cut(row[i] ?? '', c.max)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => (columns[i]!.align === 'right' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const header = line(columns.map((c) => c.header));
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [header, rule, ...cells.map(line)].join('\n');
}

/** Escape a cell for a Markdown table. */
export function mdCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}
