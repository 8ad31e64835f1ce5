/**
 * The WordprocessingML writer: a package Word opens (content types, relationships, the main
 * part), text escaped and NFC, a line break per newline, tables with one cell per column, the
 * same bytes for the same input, and text a document cannot hold refused.
 */
import { strFromU8, unzipSync } from 'fflate';
import { docx, para } from '../../../subgraphs/ldtbxh/reports/docx';

const created = '2020-11-25T03:00:00.000Z';

function parts(bytes: Buffer): Record<string, string> {
  return Object.fromEntries(
    Object.entries(unzipSync(new Uint8Array(bytes))).map(([name, data]) => [name, strFromU8(data)]),
  );
}

describe('docx', () => {
  it('writes a package with its parts, escaped NFC text and tables', () => {
    const decomposed = 'Ho\u0300a'; // "Hòa" with a combining grave accent
    const bytes = docx({
      title: 'Báo cáo <thử>',
      created,
      creator: 'hub',
      blocks: [
        para(`Phước ${decomposed} & "Bác Ái"`, { bold: true, align: 'center' }),
        para('dòng 1\ndòng 2'),
        {
          kind: 'table',
          widths: [1000, 2000],
          borders: true,
          rows: [{ header: true, cells: [[para('TT')], [para('Đơn vị')]] }, { cells: [[para('1')], []] }],
        },
        { kind: 'pageBreak' },
      ],
    });
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const files = parts(bytes);
    expect(Object.keys(files).sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'docProps/core.xml',
      'word/_rels/document.xml.rels',
      'word/document.xml',
      'word/styles.xml',
    ]);
    const document = files['word/document.xml'] ?? '';
    expect(document).toContain('<w:t xml:space="preserve">Phước Hòa &amp; &quot;Bác Ái&quot;</w:t>');
    expect(document).toContain('<w:b/>');
    expect(document).toContain('<w:jc w:val="center"/>');
    expect(document).toContain('dòng 1</w:t><w:br/><w:t xml:space="preserve">dòng 2');
    expect(document.match(/<w:tc>/g)).toHaveLength(4);
    expect(document).toContain('<w:tblHeader/>');
    expect(document).toContain('<w:br w:type="page"/>');
    expect(files['docProps/core.xml']).toContain('<dc:title>Báo cáo &lt;thử&gt;</dc:title>');
    expect(files['docProps/core.xml']).toContain('2020-11-25T03:00:00Z');
    expect(files['[Content_Types].xml']).toContain('wordprocessingml.document.main+xml');
  });

  it('gives the same bytes for the same input', () => {
    const input = { title: 't', created, creator: 'hub', blocks: [para('a')] };
    expect(docx(input).equals(docx(input))).toBe(true);
  });

  it('refuses text a document cannot hold and rows with the wrong number of cells', () => {
    expect(() => docx({ title: 't', created, creator: 'hub', blocks: [para('a\u0007b')] })).toThrow(/U\+0007/);
    expect(() =>
      docx({
        title: 't',
        created,
        creator: 'hub',
        blocks: [{ kind: 'table', widths: [1, 2], borders: false, rows: [{ cells: [[]] }] }],
      }),
    ).toThrow(/1 cells for 2 columns/);
  });
});
