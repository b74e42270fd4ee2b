export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

// Colours by chunk kind (also the legend); unknown kinds fall back to grey.
export const KIND_COLOURS: Record<string, string> = {
  text: '#2563eb',
  title: '#9333ea',
  table: '#16a34a',
  figure: '#ea580c',
  code: '#0891b2',
  qa: '#ca8a04',
  reference: '#64748b',
  list: '#db2777',
};
export const kindColour = (kind: string) => KIND_COLOURS[kind] ?? '#6b7280';

// A Markdown pipe table ("| a | b |\n|---|---|\n| 1 | 2 |") as rows of
// cells, or null when the text is not one.
export function parsePipeTable(text: string): { header: string[] | null; rows: string[][] } | null {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const tableLines = lines.filter((l) => l.startsWith('|') && l.endsWith('|'));
  if (tableLines.length < 2 || tableLines.length < lines.length * 0.6) return null;
  const cells = (l: string) => l.slice(1, -1).split('|').map((c) => c.trim());
  const sep = (l: string) => /^\|(\s*:?-{2,}:?\s*\|)+$/.test(l.replace(/\s+/g, ' ').replace(/ /g, ''));
  const rows: string[][] = [];
  let header: string[] | null = null;
  for (let i = 0; i < tableLines.length; i++) {
    if (sep(tableLines[i])) {
      if (i === 1 && rows.length === 1) header = rows.pop()!;
      continue;
    }
    rows.push(cells(tableLines[i]));
  }
  return { header, rows };
}

// "a, b ,,c" -> ["a", "b", "c"]: tags typed as one comma-separated field.
export function splitTags(text: string): string[] {
  return [...new Set(text.split(',').map((t) => t.trim()).filter(Boolean))];
}
