// Test documents written here, not copied from anywhere: a three-page PDF
// (Helvetica text, hand-assembled objects with a correct xref table) and a
// DOCX (a stored zip of the three parts Word needs). Each returns the bytes
// and where its facts are, so tests can check answers and highlighted regions.
import zlib from 'node:zlib';

const TOPICS = [
  ['harbour', 'The harbour authority inspects the cranes every spring and records the load tests in the yard ledger.'],
  ['orchard', 'The orchard cooperative prunes the apple trees in late winter and sells the cuttings to local carpenters.'],
  ['library', 'The library lends telescopes to members, who must return them within fourteen days of borrowing.'],
  ['bakery', 'The bakery starts its ovens at four in the morning so that the rye loaves are ready by seven.'],
  ['railway', 'The narrow-gauge railway closes in January while volunteers repaint the carriages and oil the points.'],
  ['museum', 'The museum rotates its textile collection twice a year because daylight fades the dyes.'],
];

// The fact the chat test asks about; it is on page 2, in its own section.
export const PDF_FACT = {
  question: 'What is the password of the lighthouse keeper?',
  answerWord: 'marigold',
  sentence: 'The password of the lighthouse keeper is marigold-42, changed every solstice.',
};

function esc(s) {
  return s.replace(/\\/g, '\\\\').replace(/\(/g, '\\(').replace(/\)/g, '\\)');
}

function wrap(text, width) {
  const out = [];
  let line = '';
  for (const w of text.split(' ')) {
    if ((line + ' ' + w).trim().length > width) {
      out.push(line);
      line = w;
    } else line = (line + ' ' + w).trim();
  }
  if (line) out.push(line);
  return out;
}

// Pages of [{size, text}] paragraphs laid out top-down; returns the PDF and
// the top-left-origin y (points) of each line that contains `needle`.
export function makePdf() {
  const W = 612, H = 792, X = 72;
  const pages = [];
  const sections = [];
  TOPICS.forEach(([topic, first], i) => {
    const body = [first];
    for (let k = 0; k < 5; k++)
      body.push(
        `Note ${k + 1} on the ${topic}: the ${topic} committee meets on the ${k + 2}th day of each month, keeps minutes of every decision, and publishes a short summary for residents who could not attend the meeting in person.`,
      );
    sections.push({ title: `${i + 1}. The ${topic}`, body: body.join(' ') });
    if (i === 2) sections.push({ title: '4. The lighthouse', body: PDF_FACT.sentence + ' The keeper logs every ship that passes the point after dusk, and the lamp is cleaned each Sunday.' });
  });
  let ops = [];
  let y = 72;
  const factLines = [];
  const flush = () => {
    pages.push(ops.join('\n'));
    ops = [];
    y = 72;
  };
  const line = (text, size, bold) => {
    if (y + size > H - 72) flush();
    ops.push(`BT /${bold ? 'F2' : 'F1'} ${size} Tf ${X} ${(H - y - size).toFixed(1)} Td (${esc(text)}) Tj ET`);
    if (text.includes('marigold')) factLines.push({ page: pages.length + 1, top: y, bottom: y + size });
    y += size * 1.35;
  };
  sections.forEach((s, i) => {
    if (i === 3) flush(); // the lighthouse section starts page 2
    line(s.title, 16, true);
    y += 4;
    for (const l of wrap(s.body, 88)) line(l, 10.5, false);
    y += 14;
  });
  flush();

  const objs = [];
  objs[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objs[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  objs[4] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>';
  const kids = [];
  pages.forEach((content, i) => {
    const pageObj = 5 + i * 2, contentObj = 6 + i * 2;
    kids.push(`${pageObj} 0 R`);
    objs[pageObj] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${W} ${H}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${contentObj} 0 R >>`;
    objs[contentObj] = `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`;
  });
  objs[2] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${pages.length} >>`;
  let out = '%PDF-1.4\n';
  const offsets = [];
  for (let n = 1; n < objs.length; n++) {
    offsets[n] = Buffer.byteLength(out, 'latin1');
    out += `${n} 0 obj\n${objs[n]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objs.length}\n0000000000 65535 f \n`;
  for (let n = 1; n < objs.length; n++) out += `${String(offsets[n]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return { bytes: Buffer.from(out, 'latin1'), pages: pages.length, factLines };
}

// A zip with stored (uncompressed) entries.
function zip(files) {
  const locals = [], centrals = [];
  let offset = 0;
  for (const [name, text] of files) {
    const data = Buffer.from(text, 'utf8');
    const nameBuf = Buffer.from(name, 'utf8');
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

export const DOCX_FACT = { word: 'saffron', sentence: 'The ferry to the northern island leaves at half past nine and the ticket colour this season is saffron.' };

export function makeDocx() {
  const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  const p = (t, style) =>
    `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}<w:r><w:t xml:space="preserve">${t}</w:t></w:r></w:p>`;
  const cell = (t) => `<w:tc><w:p><w:r><w:t>${t}</w:t></w:r></w:p></w:tc>`;
  const row = (cells) => `<w:tr>${cells.map(cell).join('')}</w:tr>`;
  const body = [
    p('Island Ferry Timetable', 'Heading1'),
    p(DOCX_FACT.sentence),
    p('Passengers with bicycles board first; dogs travel free on the open deck.'),
    p('Departures', 'Heading2'),
    `<w:tbl>${row(['Day', 'Departure', 'Arrival'])}${row(['Monday', '09:30', '10:15'])}${row(['Saturday', '11:00', '11:45'])}</w:tbl>`,
    p('Tickets are sold on board; cash and cards are accepted.'),
  ].join('');
  return zip([
    [
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ],
    [
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ],
    ['word/document.xml', `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${body}</w:body></w:document>`],
  ]);
}
