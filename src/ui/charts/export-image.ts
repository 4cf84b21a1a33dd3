/**
 * Chart → PNG without any service: the chart's SVG is cloned with the computed styles that matter
 * inlined, drawn into a canvas under the chart's title and legend (recharts draws its legend in
 * HTML, outside the SVG), and the canvas is saved. Everything stays in the page.
 */
import { PALETTE } from '../palette';

export interface PngOptions {
  title: string;
  legend?: { name: string; color: string; dashed?: boolean }[];
  /** Device pixels per CSS pixel: 2 gives a crisp image for slides. */
  scale?: number;
}

const STYLE_PROPS = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'opacity', 'fill-opacity', 'stroke-opacity', 'font-family', 'font-size', 'font-weight', 'text-anchor', 'dominant-baseline'];

function inlineStyles(source: Element, target: Element): void {
  const cs = getComputedStyle(source);
  // Through the CSSOM, which the page's CSP allows (a style attribute string it would refuse).
  const style = (target as SVGElement).style;
  for (const p of STYLE_PROPS) style.setProperty(p, cs.getPropertyValue(p));
  const s = source.children;
  const t = target.children;
  for (let i = 0; i < s.length && i < t.length; i++) inlineStyles(s[i], t[i]);
}

export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function saveText(text: string, fileName: string, type = 'text/plain'): void {
  saveBlob(new Blob([text], { type: `${type};charset=utf-8` }), fileName);
}

export async function svgToPng(svg: SVGSVGElement, opts: PngOptions): Promise<Blob> {
  const scale = opts.scale ?? 2;
  const box = svg.getBoundingClientRect();
  const width = Math.max(1, Math.round(box.width));
  const height = Math.max(1, Math.round(box.height));
  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, clone);
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  const xml = new XMLSerializer().serializeToString(clone);
  const url = URL.createObjectURL(new Blob([xml], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the chart could not be drawn as an image'));
      img.src = url;
    });
    const legend = opts.legend ?? [];
    const titleH = 30;
    const legendH = legend.length ? 22 * Math.ceil(legend.length / 4) : 0;
    const canvas = document.createElement('canvas');
    canvas.width = width * scale;
    canvas.height = (height + titleH + legendH + 8) * scale;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas here');
    ctx.scale(scale, scale);
    ctx.fillStyle = PALETTE.card;
    ctx.fillRect(0, 0, width, height + titleH + legendH + 8);
    ctx.fillStyle = PALETTE.ink;
    ctx.font = '600 15px system-ui, sans-serif';
    ctx.fillText(opts.title, 10, 20);
    ctx.font = '12px system-ui, sans-serif';
    legend.forEach((item, i) => {
      const x = 10 + (i % 4) * Math.max(120, width / 4);
      const y = titleH + 6 + Math.floor(i / 4) * 22;
      ctx.fillStyle = item.color;
      if (item.dashed) for (let d = 0; d < 12; d += 5) ctx.fillRect(x + d, y + 5, 3, 3);
      else ctx.fillRect(x, y, 12, 12);
      ctx.fillStyle = PALETTE.ink;
      ctx.fillText(item.name, x + 18, y + 11);
    });
    ctx.drawImage(img, 0, titleH + legendH + 8, width, height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the canvas gave no image'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
