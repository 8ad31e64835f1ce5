/** Search that ignores diacritics and case: "Phuoc" finds "Phước", "dong" finds "Đông". */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

export function matches(haystack: string, needle: string): boolean {
  const n = fold(needle);
  return n === '' || fold(haystack).includes(n);
}
