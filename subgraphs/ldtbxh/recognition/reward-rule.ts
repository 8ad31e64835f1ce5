/**
 * The reward rule as the hub reads plan 965/KH-UBND §V.11.d (funded under §IV.2). The plan says a
 * district rewards communes recognised "03 năm liên tục" and proposes those recognised "05 liên tục"
 * to the provincial Chairman; when a run is due, whether it is due again, and what breaks it are the
 * hub's reading, not a confirmed rule. Every list of rewards carries this text so no one takes it
 * for the law.
 */

/** The rule, labelled as the hub's reading. */
export const REWARD_RULE = Object.freeze({
  text: 'Cách hiểu của hệ thống, chưa phải quy định chính thức: huyện khen thưởng xã, phường, thị trấn đạt chuẩn 3 năm liên tục và trình Chủ tịch UBND tỉnh khen thưởng khi đạt chuẩn 5 năm liên tục (Kế hoạch 965/KH-UBND mục V.11.d); mỗi chuỗi năm liên tục được xét một lần khi tròn 3 (6, 9…) hoặc 5 (10…) năm; một năm không được công nhận, không đăng ký hoặc bị thu hồi làm đứt chuỗi.',
  textEn:
    "The hub's reading, not confirmed law: a district rewards a commune recognised 3 years in a row and proposes one recognised 5 years in a row to the provincial Chairman (plan 965/KH-UBND §V.11.d); each run counts once, when it completes 3 (6, 9…) or 5 (10…) years; a year not recognised, not registered or revoked ends the run.",
  confirmed: false,
  source: 'Kế hoạch 965/KH-UBND ngày 22/03/2017, mục V.11.d và IV.2',
});

/** Vietnamese names of the kinds of reward records, as reports write them. */
export const REWARD_KIND_VI = Object.freeze({
  DISTRICT_REWARD: 'Quyết định khen thưởng của UBND huyện',
  CHAIRMAN_PROPOSAL: 'Tờ trình đề nghị Chủ tịch UBND tỉnh khen thưởng',
  CHAIRMAN_REWARD: 'Quyết định khen thưởng của Chủ tịch UBND tỉnh',
} as const);
