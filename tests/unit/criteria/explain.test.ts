import { CATEGORY_NAMES_VI, departmentNameVi, explainVi } from '../../../subgraphs/ldtbxh/assessment/explain';
import { assess } from '../../../subgraphs/ldtbxh/assessment/assess';
import { parseCriteriaSet } from '../../../shared/criteria/validate';
import type { Assessment } from '../../../subgraphs/ldtbxh/assessment/model';
import type { CriteriaSet } from '../../../shared/criteria/types';
import { fullValues, input, qd06, withValues } from './assess-builders';

const FAIL_TOTAL = {
  '1.4': { value: false },
  '2.1': { numerator: 95, denominator: 100 },
  '7.1': { numerator: 90, denominator: 100 },
  '9.1': { numerator: 70, denominator: 100 },
  '11.1': { grade: 'C' },
};

function expectOneNfcParagraph(text: string): void {
  expect(text).not.toMatch(/[\r\n]/);
  expect(text).toBe(text.normalize('NFC'));
  expect(text).toBe(text.trim());
}

/** QĐ 06 with every status confirmed: a set with no provisional number. */
function confirmedQd06(): CriteriaSet {
  const text = JSON.stringify(qd06)
    .replaceAll('"status":"provisional"', '"status":"confirmed"')
    .replace('"provisional":true', '"provisional":false');
  return parseCriteriaSet(JSON.parse(text));
}

describe('explainVi', () => {
  it('a commune that passes: total, the decision and the version, eligible, provisional points of the set, nothing to improve', () => {
    const a = assess(input(qd06));
    expect(a.explanation).toBe(
      'Năm 2020, xã Phước Hà đạt 1000/1000 điểm theo tiêu chuẩn của Quyết định số 06/QĐ-TTg (bộ tiêu chí phiên bản 1). ' +
        'Đủ điều kiện công nhận xã, phường, thị trấn phù hợp với trẻ em: tổng điểm 1000 đạt mức 850 ' +
        'của nhóm xã, phường, thị trấn khác và đáp ứng mọi điều kiện công nhận. ' +
        'Lưu ý: một số điểm, ngưỡng và điều kiện của bộ tiêu chí là tạm thời, chưa phải quy định chính thức.',
    );
    expectOneNfcParagraph(a.explanation);
  });

  it('is what assess puts in `explanation`, built only from the structured result', () => {
    const a = assess(input(qd06, { values: withValues(qd06, fullValues(qd06), FAIL_TOTAL) }));
    const { explanation, ...facts } = a;
    expect(explainVi(facts, { communeName: 'xã Phước Hà', year: 2020 })).toBe(explanation);
    // Changing a structured field changes the text: nothing is looked up elsewhere.
    const edited: Omit<Assessment, 'explanation'> = { ...facts, total: 123 };
    expect(explainVi(edited, { communeName: 'xã Phước Hà', year: 2020 })).toContain('đạt 123/1000 điểm');
  });

  it('fails on the total: names the figure, the minimum and the category, then the 3 largest gains', () => {
    const a = assess(input(qd06, { values: withValues(qd06, fullValues(qd06), FAIL_TOTAL) }));
    expect(a.explanation).toBe(
      'Năm 2020, xã Phước Hà đạt 840/1000 điểm theo tiêu chuẩn của Quyết định số 06/QĐ-TTg (bộ tiêu chí phiên bản 1). ' +
        'Chưa đủ điều kiện công nhận: tổng điểm 840 thấp hơn mức 850 của nhóm xã, phường, thị trấn khác. ' +
        'Lưu ý: một số điểm, ngưỡng và điều kiện của bộ tiêu chí là tạm thời, chưa phải quy định chính thức. ' +
        'Có thể cải thiện: tiêu chí 1, chỉ tiêu 1.4 “Kinh phí thực hiện công tác trẻ em” cần đạt “có” để được thêm 20 điểm; ' +
        'tiêu chí 2, chỉ tiêu 2.1 “Tỷ lệ trẻ em sinh ra trong năm được đăng ký khai sinh đúng hạn” ' +
        'cần đạt ≥ 98% (98/100, thêm 3) để được thêm 15 điểm; ' +
        'tiêu chí 7, chỉ tiêu 7.1 “Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ các loại vắc xin” ' +
        'cần đạt ≥ 95% (95/100, thêm 5) để được thêm 15 điểm.',
    );
    // Five gaps exist; only the three largest (ties in set order) are named.
    expect(a.gaps).toHaveLength(5);
    expect(a.explanation).not.toContain('9.1');
    expect(a.explanation).not.toContain('11.1');
    expectOneNfcParagraph(a.explanation);
  });

  it('fails on a criterion at 0 (and on the total): lists every failing condition', () => {
    const zero = assess(
      input(qd06, { values: withValues(qd06, fullValues(qd06), { '4.1': { count: 2 }, '4.2': { count: 1 } }) }),
    );
    expect(zero.explanation).toContain('đạt 925/1000 điểm');
    expect(zero.explanation).toContain('Chưa đủ điều kiện công nhận: tiêu chí 4 đạt 0 điểm.');
    expect(zero.explanation).toContain(
      'tiêu chí 4, chỉ tiêu 4.1 “Trẻ em vi phạm pháp luật” cần giảm xuống tối đa 1 trường hợp (bớt 1) để được thêm 25 điểm',
    );
    expect(zero.explanation).toContain(
      'chỉ tiêu 4.2 “Trẻ em sử dụng trái phép chất ma túy” cần không còn trường hợp nào (bớt 1)',
    );
    const both = assess(
      input(qd06, {
        values: withValues(qd06, fullValues(qd06), { ...FAIL_TOTAL, '4.1': { count: 2 }, '4.2': { count: 1 } }),
      }),
    );
    expect(both.explanation).toContain(
      'Chưa đủ điều kiện công nhận: tổng điểm 765 thấp hơn mức 850 của nhóm xã, phường, thị trấn khác; tiêu chí 4 đạt 0 điểm.',
    );
  });

  it('incomplete: says the total is provisional and which departments have not published', () => {
    const a = assess(input(qd06, { values: fullValues(qd06).filter((v) => v.department !== 'YTE') }));
    expect(a.explanation).toBe(
      'Năm 2020, xã Phước Hà đạt 750/1000 điểm (tạm tính trên 19/25 chỉ tiêu đã có số liệu; khi đủ số liệu tối đa có thể đạt 1000 điểm) ' +
        'theo tiêu chuẩn của Quyết định số 06/QĐ-TTg (bộ tiêu chí phiên bản 1). ' +
        'Chưa đủ điều kiện công nhận vì chưa đủ số liệu: Sở Y tế chưa công bố số liệu (chỉ tiêu 5.1, 5.2, 7.1, 8.1, 8.2, 9.1). ' +
        'Lưu ý: một số điểm, ngưỡng và điều kiện của bộ tiêu chí là tạm thời, chưa phải quy định chính thức.',
    );
  });

  it('incomplete with an unavailable service and a condition already failed', () => {
    const values = withValues(
      qd06,
      fullValues(qd06).filter((v) => v.department !== 'CONGAN' && v.department !== 'GDDT'),
      { '13.1': { numerator: 0, denominator: 0 } },
    );
    const a = assess(input(qd06, { values, unavailableDepartments: ['CONGAN'] }));
    expect(a.explanation).toContain(
      'Chưa đủ điều kiện công nhận vì chưa đủ số liệu: Công an tỉnh chưa kết nối được (chỉ tiêu 3.1, 3.2, 4.1, 4.2); ' +
        'Sở Giáo dục và Đào tạo chưa công bố số liệu (chỉ tiêu 10.1, 10.2, 10.3).',
    );
    expect(a.explanation).toContain('Ngoài ra, đã xác định chưa đạt: tiêu chí 13 đạt 0 điểm.');
    // The 13.1 gap needs a denominator: it is not offered as an improvement.
    expect(a.explanation).not.toContain('Có thể cải thiện');
  });

  it('names every department in Vietnamese when nothing is published', () => {
    const a = assess(input(qd06, { values: [], context: null }));
    expect(
      a.explanation.startsWith(
        'Kết quả đánh giá đạt 0/1000 điểm (tạm tính trên 0/25 chỉ tiêu đã có số liệu; khi đủ số liệu tối đa có thể đạt 1000 điểm)',
      ),
    ).toBe(true);
    const names = [
      'Sở Lao động - Thương binh và Xã hội',
      'Sở Tư pháp',
      'Công an tỉnh',
      'Sở Y tế',
      'Sở Giáo dục và Đào tạo',
      'Sở Văn hóa, Thể thao và Du lịch',
    ];
    const positions = names.map((name) => a.explanation.indexOf(`${name} chưa công bố số liệu`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((x, y) => x - y)).toEqual(positions);
    expect((['LDTBXH', 'TUPHAP', 'CONGAN', 'YTE', 'GDDT', 'VHTTDL'] as const).map(departmentNameVi)).toEqual(names);
  });

  it('unknown category, provisional category, eligible in another category', () => {
    const unknown = assess(input(qd06, { category: null }));
    expect(unknown.explanation).toContain('Chưa đủ điều kiện công nhận: chưa có phân loại xã cho năm đánh giá.');
    const mountain = assess(
      input(qd06, {
        values: withValues(qd06, fullValues(qd06), FAIL_TOTAL),
        category: { category: 'MOUNTAIN_ISLAND_DISADVANTAGED', provisional: true },
      }),
    );
    expect(mountain.explanation).toContain(
      'Đủ điều kiện công nhận xã, phường, thị trấn phù hợp với trẻ em: tổng điểm 840 đạt mức 800 của nhóm xã miền núi, hải đảo, đặc biệt khó khăn',
    );
    expect(mountain.explanation).toContain(
      'Lưu ý: một số điểm, ngưỡng và điều kiện của bộ tiêu chí là tạm thời, chưa phải quy định chính thức và phân loại xã của năm đánh giá là tạm thời.',
    );
    const ward = assess(input(qd06, { category: { category: 'URBAN_WARD', provisional: false } }));
    expect(ward.explanation).toContain(`mức 900 của nhóm ${CATEGORY_NAMES_VI.URBAN_WARD}`);
    expect(CATEGORY_NAMES_VI.URBAN_WARD).toBe('phường thuộc thành phố trực thuộc trung ương');
  });

  it('says nothing about provisional numbers when the set has none', () => {
    const a = assess(input(confirmedQd06()));
    expect(a.criteriaSet.provisional).toBe(false);
    expect(a.explanation).not.toContain('tạm thời');
    expect(a.explanation).toContain('Đủ điều kiện công nhận');
  });

  it('is NFC even for a decomposed commune name, and one line even if the name has a line break', () => {
    const a = assess(input(qd06, { context: { communeName: 'xã Phước\nHà'.normalize('NFD'), year: 2019 } }));
    expect(a.explanation.startsWith('Năm 2019, xã Phước Hà đạt 1000/1000 điểm')).toBe(true);
    expectOneNfcParagraph(a.explanation);
  });

  it('lower-is-better rates read as a reduction', () => {
    const a = assess(
      input(qd06, { values: withValues(qd06, fullValues(qd06), { '8.1': { numerator: 12, denominator: 100 } }) }),
    );
    expect(a.explanation).toContain(
      'tiêu chí 8, chỉ tiêu 8.1 “Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể nhẹ cân” cần giảm xuống ≤ 10% (10/100, bớt 2) để được thêm 15 điểm',
    );
  });
});
