/**
 * The heat map's colour scale: viridis (perceptually uniform, ordered in lightness, readable with
 * every common colour-vision deficiency and in greyscale), sampled at 9 stops. Cells also print
 * their number, so colour is never the only carrier of the value. Missing data is not on the scale:
 * it is a hatched grey cell with the word "thiếu".
 */
const VIRIDIS = ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'];

/** Background and text colours for points out of max (0 ≤ share ≤ 1). */
export function heat(points: number, max: number): { background: string; color: string } {
  const share = max > 0 ? Math.min(1, Math.max(0, points / max)) : 0;
  const index = Math.round(share * (VIRIDIS.length - 1));
  return { background: VIRIDIS[index] ?? VIRIDIS[0]!, color: index >= 5 ? '#111' : '#fff' };
}

export const LEGEND_STOPS = VIRIDIS.map((colour, i) => ({
  colour,
  from: Math.round((i / (VIRIDIS.length - 1)) * 100),
}));
