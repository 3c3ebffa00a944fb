// SVG -> PNG with whichever converter is installed (rsvg-convert, ImageMagick's convert, Inkscape);
// none: the caller says so. The converters are the system's, not npm packages.
import { spawnSync } from 'node:child_process';
import { temporaryPathFor } from '../cli/atomic-file.ts';

export type Converter = 'rsvg-convert' | 'convert' | 'inkscape';

const VERSION_FLAG: Record<Converter, string> = { 'rsvg-convert': '--version', convert: '-version', inkscape: '--version' };

/** The first converter that runs (a stand-in script that fails on -version does not count). */
export function findConverter(): Converter | undefined {
  for (const c of ['rsvg-convert', 'convert', 'inkscape'] as const) {
    if (spawnSync(c, [VERSION_FLAG[c]], { encoding: 'utf8' }).status === 0) return c;
  }
  return undefined;
}

/** Converts to a temporary file beside `png` (same extension), renamed into place when complete. */
export function svgToPng(converter: Converter, svg: string, target: string): void {
  const out = temporaryPathFor(target);
  const png = out.temp;
  const args: Record<Converter, string[]> = {
    'rsvg-convert': ['-o', png, svg],
    convert: ['-density', '96', svg, png],
    inkscape: [svg, '--export-type=png', `--export-filename=${png}`],
  };
  const r = spawnSync(converter, args[converter], { encoding: 'utf8' });
  if (r.status !== 0) {
    out.discard();
    throw new Error(`${converter} failed on ${svg}: ${r.stderr || r.error?.message}`);
  }
  out.commit();
}
