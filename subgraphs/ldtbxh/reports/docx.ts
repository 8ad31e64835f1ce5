/**
 * A Word document (.docx, Office Open XML WordprocessingML) from a small block model: paragraphs
 * of runs, tables, page breaks. Written by hand and zipped with fflate rather than through a
 * document library: the report needs a handful of elements, and the XML below is all of them — no
 * further dependency, nothing generated that the tests cannot read back.
 *
 * Page and type follow the administrative form of Nghị định 30/2020/NĐ-CP: A4, margins 20 mm top
 * and bottom, 30 mm left, 15 mm right; Times New Roman 13 pt (sizes are in half-points). Text is
 * NFC and XML-escaped; characters XML 1.0 cannot hold are refused rather than dropped. Pure.
 */
import { strToU8, zipSync } from 'fflate';

/** A run of text with its emphasis; `size` in half-points (26 = 13 pt). */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  size?: number;
}

/** A paragraph. `indent` indents the first line by 1.27 cm, as body text of a report is. */
export interface Paragraph {
  kind: 'paragraph';
  runs: readonly Run[];
  align?: 'left' | 'center' | 'right' | 'both';
  indent?: boolean;
  /** Space after, in points (6 unless told). */
  after?: number;
}

/** A table; `widths` in twentieths of a point, one per column; every row has one cell per column. */
export interface Table {
  kind: 'table';
  widths: readonly number[];
  rows: readonly { header?: boolean; cells: readonly (readonly Paragraph[])[] }[];
  borders: boolean;
}

export type Block = Paragraph | Table | { kind: 'pageBreak' };

/** What {@link docx} writes. */
export interface DocxInput {
  title: string;
  /** ISO 8601: the document's created/modified time. */
  created: string;
  creator: string;
  blocks: readonly Block[];
}

const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function escape(text: string): string {
  const normal = text.normalize('NFC');
  const bad = INVALID_XML.exec(normal);
  if (bad !== null)
    throw new RangeError(
      `text holds U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}, which a document cannot hold`,
    );
  return normal.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function run(r: Run): string {
  const props = [
    r.bold ? '<w:b/>' : '',
    r.italic ? '<w:i/>' : '',
    r.underline ? '<w:u w:val="single"/>' : '',
    r.size ? `<w:sz w:val="${r.size}"/><w:szCs w:val="${r.size}"/>` : '',
  ].join('');
  // A line break inside a run is a <w:br/>; tabs are kept as text.
  const parts = r.text.split('\n').map((line) => `<w:t xml:space="preserve">${escape(line)}</w:t>`);
  return `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}${parts.join('<w:br/>')}</w:r>`;
}

function paragraph(p: Paragraph): string {
  const props = [
    `<w:spacing w:before="0" w:after="${(p.after ?? 6) * 20}"/>`,
    p.indent ? '<w:ind w:firstLine="720"/>' : '',
    `<w:jc w:val="${p.align ?? 'both'}"/>`,
  ].join('');
  return `<w:p><w:pPr>${props}</w:pPr>${p.runs.map(run).join('')}</w:p>`;
}

function table(t: Table): string {
  for (const [index, row] of t.rows.entries()) {
    if (row.cells.length !== t.widths.length)
      throw new RangeError(`table row ${index} has ${row.cells.length} cells for ${t.widths.length} columns`);
  }
  const border = t.borders ? 'single' : 'nil';
  const borders = ['top', 'left', 'bottom', 'right', 'insideH', 'insideV']
    .map((side) => `<w:${side} w:val="${border}" w:sz="4" w:space="0" w:color="000000"/>`)
    .join('');
  const grid = t.widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('');
  const rows = t.rows
    .map((row) => {
      const cells = row.cells
        .map((blocks, i) => {
          const content = blocks.length === 0 ? '<w:p/>' : blocks.map(paragraph).join('');
          return `<w:tc><w:tcPr><w:tcW w:w="${t.widths[i] ?? 0}" w:type="dxa"/></w:tcPr>${content}</w:tc>`;
        })
        .join('');
      return `<w:tr>${row.header ? '<w:trPr><w:tblHeader/></w:trPr>' : ''}${cells}</w:tr>`;
    })
    .join('');
  return `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblLayout w:type="fixed"/><w:tblBorders>${borders}</w:tblBorders></w:tblPr><w:tblGrid>${grid}</w:tblGrid>${rows}</w:tbl>`;
}

function block(b: Block): string {
  switch (b.kind) {
    case 'paragraph':
      return paragraph(b);
    case 'table':
      return table(b);
    case 'pageBreak':
      return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>';
  }
}

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

function documentXml(blocks: readonly Block[]): string {
  // A4 (11906 × 16838 twips); margins 20/15/20/30 mm.
  const section =
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="851" w:bottom="1134" w:left="1701" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr>';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="${W}"><w:body>${blocks.map(block).join('')}${section}</w:body></w:document>`;
}

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="${W}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="26"/><w:szCs w:val="26"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>`;

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`;

const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`;

const DOCUMENT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`;

function coreXml(input: DocxInput): string {
  const when = new Date(input.created).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>${escape(input.title)}</dc:title><dc:creator>${escape(input.creator)}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified></cp:coreProperties>`;
}

/**
 * The document as .docx bytes. Entries are stored with a fixed time (the document's), so the same
 * input gives the same bytes.
 * @throws RangeError for text a document cannot hold or a table row with the wrong number of cells.
 */
export function docx(input: DocxInput): Buffer {
  const mtime = new Date(input.created);
  const file = (text: string): [Uint8Array, { mtime: Date }] => [strToU8(text), { mtime }];
  const zipped = zipSync(
    {
      '[Content_Types].xml': file(CONTENT_TYPES),
      '_rels/.rels': file(ROOT_RELS),
      'word/document.xml': file(documentXml(input.blocks)),
      'word/styles.xml': file(STYLES),
      'word/_rels/document.xml.rels': file(DOCUMENT_RELS),
      'docProps/core.xml': file(coreXml(input)),
    },
    { level: 6 },
  );
  return Buffer.from(zipped);
}

/** A paragraph of one run (helpers for the report's layout). */
export const para = (text: string, options: Omit<Paragraph, 'kind' | 'runs'> & Omit<Run, 'text'> = {}): Paragraph => {
  const { align, indent, after, ...runOptions } = options;
  return { kind: 'paragraph', runs: [{ text, ...runOptions }], align, indent, after };
};
