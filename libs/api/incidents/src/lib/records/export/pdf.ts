import PDFDocument = require('pdfkit');

import { ExportBlock, ExportDocument, ExportField, NONE } from './sheet-document';

// The PDF's standard fonts (Helvetica, Courier) speak Windows-1252 only: the characters beyond
// Latin-1 that it has, and a few readable stand-ins; anything else becomes "?".
const WIN_ANSI_EXTRA = new Set([...'ƒ–—‘’‚“”„†‡•…€‰‹›ˆ™ŒœŠšŸŽž˜']);
const STAND_INS: Readonly<Record<string, string>> = {
  '→': '->',
  '←': '<-',
  '⇒': '=>',
  '≥': '>=',
  '≤': '<=',
  '≠': '!=',
  '✓': 'v',
  '✔': 'v',
  '\u00a0': ' ',
  '\u2009': ' ',
  '\u202f': ' ',
};

/** Text the standard fonts can draw, read the same way. */
export function pdfSafe(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\n') out += char;
    else if (char === '\t') out += '    ';
    else if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa1 && code <= 0xff)) out += char;
    else if (STAND_INS[char] !== undefined) out += STAND_INS[char];
    else if (WIN_ANSI_EXTRA.has(char)) out += char;
    else if (code < 0x20 || (code >= 0x7f && code <= 0xa0)) out += ' ';
    else out += '?';
  }
  return out;
}

const MARGIN = 50;
const BODY = 10;
const SMALL = 8;

type Doc = InstanceType<typeof PDFDocument>;

function field(doc: Doc, f: ExportField, indent = 0): void {
  const value = f.value === null || f.value.trim() === '' ? NONE : f.value;
  doc
    .font('Helvetica-Bold')
    .fontSize(BODY)
    .text(`${pdfSafe(f.label)}: `, MARGIN + indent, undefined, { continued: true })
    .font('Helvetica')
    .text(pdfSafe(value), { paragraphGap: 2 });
}

function checkbox(doc: Doc, done: boolean): void {
  const x = doc.x;
  const y = doc.y + 1;
  doc.rect(x, y, 8, 8).lineWidth(0.8).stroke();
  if (done) {
    doc
      .moveTo(x + 1.5, y + 4.5)
      .lineTo(x + 3.5, y + 6.5)
      .lineTo(x + 7, y + 1.5)
      .stroke();
  }
}

function block(doc: Doc, b: ExportBlock): void {
  switch (b.kind) {
    case 'fields':
      b.fields.forEach((f) => field(doc, f));
      break;
    case 'text':
      doc
        .font('Helvetica')
        .fontSize(BODY)
        .text(pdfSafe(b.text === null || b.text.trim() === '' ? NONE : b.text), MARGIN, undefined, {
          paragraphGap: 4,
        });
      break;
    case 'code':
      doc
        .font('Helvetica-Bold')
        .fontSize(BODY)
        .text(`${pdfSafe(b.label)}:`, MARGIN);
      doc
        .font('Courier')
        .fontSize(SMALL)
        .text(pdfSafe(b.text), MARGIN + 10, undefined, {
          paragraphGap: 4,
        });
      break;
    case 'numbered':
      if (b.items.length === 0) doc.font('Helvetica').fontSize(BODY).text(NONE, MARGIN);
      b.items.forEach((item, i) => {
        const y = doc.y;
        doc
          .font('Helvetica-Bold')
          .fontSize(BODY)
          .text(`${i + 1}.`, MARGIN, y, { width: 16, lineBreak: false });
        doc.font('Helvetica').text(pdfSafe(item.text), MARGIN + 16, y);
        item.details.forEach((d) => field(doc, d, 16));
        doc.moveDown(0.3);
      });
      break;
    case 'bullets':
      if (b.items.length === 0) doc.font('Helvetica').fontSize(BODY).text(NONE, MARGIN);
      b.items.forEach((item) =>
        doc
          .font('Helvetica')
          .fontSize(BODY)
          .text(`•  ${pdfSafe(item)}`, MARGIN),
      );
      break;
    case 'checklist':
      b.items.forEach((item) => {
        doc.x = MARGIN;
        checkbox(doc, item.done);
        doc
          .font('Helvetica')
          .fontSize(BODY)
          .text(
            `${pdfSafe(item.label)}${item.note ? ` (${pdfSafe(item.note)})` : ''}`,
            MARGIN + 14,
            undefined,
            { paragraphGap: 2 },
          );
      });
      break;
    case 'links':
      if (b.items.length === 0) doc.font('Helvetica').fontSize(BODY).text(NONE, MARGIN);
      b.items.forEach((item) => {
        doc
          .font('Helvetica')
          .fontSize(BODY)
          .fillColor('#1a56db')
          .text(pdfSafe(item.text), MARGIN, undefined, { continued: true, underline: true })
          .fillColor('black')
          .text(` ${pdfSafe(item.note ?? '')}`, { underline: false });
        doc
          .font('Helvetica')
          .fontSize(SMALL)
          .fillColor('#555555')
          .text(pdfSafe(item.href), MARGIN + 10);
        doc.fillColor('black');
      });
      break;
    case 'entries':
      if (b.items.length === 0) doc.font('Helvetica').fontSize(BODY).text(NONE, MARGIN);
      b.items.forEach((item) => {
        doc
          .font('Helvetica-Bold')
          .fontSize(SMALL + 1)
          .text(`${pdfSafe(item.at)}  `, MARGIN, undefined, { continued: true })
          .font('Helvetica')
          .text(`${item.who ? `${pdfSafe(item.who)}: ` : ''}${pdfSafe(item.text)}`);
        if (item.body) {
          doc
            .fontSize(SMALL + 1)
            .fillColor('#333333')
            .text(pdfSafe(item.body), MARGIN + 12);
          doc.fillColor('black');
        }
        doc.moveDown(0.2);
      });
      break;
  }
}

/** The document as an A4 PDF (standard fonts, page numbers), in memory. */
export function toPdf(source: ExportDocument, now: Date = new Date()): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: pdfSafe(source.title),
      Creator: 'Hyperion',
      Producer: 'Hyperion',
      CreationDate: now,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(18).text(pdfSafe(source.title), MARGIN, MARGIN);
  if (source.subtitle) {
    doc
      .font('Helvetica')
      .fontSize(SMALL + 1)
      .fillColor('#555555')
      .text(pdfSafe(source.subtitle));
    doc.fillColor('black');
  }
  for (const section of source.sections) {
    doc.moveDown(0.8);
    doc.font('Helvetica-Bold').fontSize(13).text(pdfSafe(section.title), MARGIN);
    const y = doc.y + 1;
    doc
      .moveTo(MARGIN, y)
      .lineTo(doc.page.width - MARGIN, y)
      .lineWidth(0.5)
      .strokeColor('#999999')
      .stroke()
      .strokeColor('black');
    doc.moveDown(0.4);
    for (const b of section.blocks) {
      block(doc, b);
      doc.moveDown(0.3);
    }
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(SMALL)
      .fillColor('#777777')
      .text(`${i + 1} / ${range.count}`, MARGIN, doc.page.height - 30, {
        width: doc.page.width - 2 * MARGIN,
        align: 'right',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
