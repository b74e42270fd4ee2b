// A chunk's text: tables (Markdown pipe tables) as real tables, else text.
import { parsePipeTable } from './util';

export function ChunkText(props: { text: string; kind: string }) {
  const table = props.kind === 'table' ? parsePipeTable(props.text) : null;
  if (table) {
    return (
      <div class="table-wrap">
        <table class="chunk-table">
          {table.header && (
            <thead>
              <tr>
                {table.header.map((c, i) => (
                  <th key={i} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
          )}
          <tbody>
            {table.rows.map((r, i) => (
              <tr key={i}>
                {r.map((c, j) => (
                  <td key={j}>{c}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  return <div class="chunk-text">{props.text}</div>;
}
