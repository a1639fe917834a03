/**
 * A Profile as pprof's profile.proto (`go tool pprof`, speedscope, Pyroscope), uncompressed —
 * gzip it for a `.pb.gz` (the CLI does). One Location per VM frame, its Lines the source frames
 * innermost first (pprof's own model of inlining), its address the module offset; host frames and
 * continuation boundaries are Locations with one Line. Sample values: [samples, cpu nanoseconds],
 * or for an exact profile [instructions].
 */
import type { Profile } from './profile.ts';
import { ProtoWriter } from './protobuf.ts';

export function toPprof(profile: Profile): Uint8Array {
  const strings = new Map<string, number>([['', 0]]);
  const str = (s: string) => {
    let i = strings.get(s);
    if (i === undefined) strings.set(s, (i = strings.size));
    return i;
  };
  const out = new ProtoWriter();
  const valueType = (type: string, unit: string) => new ProtoWriter().uint(1, str(type)).uint(2, str(unit));
  const exact = profile.mode === 'exact';
  if (exact) out.message(1, valueType('instructions', 'count'));
  else out.message(1, valueType('samples', 'count')).message(1, valueType('cpu', 'nanoseconds'));

  for (const s of profile.samples) {
    const values = exact ? [s.weight] : [1, Math.round(s.weight * 1000)];
    out.message(2, new ProtoWriter().packed(1, s.locations.map((i) => i + 1)).packed(2, values));
  }

  const functions = new Map<string, number>();
  const fnWriters: ProtoWriter[] = [];
  profile.locations.forEach((loc, i) => {
    const w = new ProtoWriter().uint(1, i + 1);
    if (loc.offset !== undefined) w.uint(3, loc.offset);
    for (const f of loc.frames) {
      const key = `${f.function}\0${f.file ?? ''}`;
      let id = functions.get(key);
      if (id === undefined) {
        id = functions.size + 1;
        functions.set(key, id);
        const fw = new ProtoWriter().uint(1, id).uint(2, str(f.function)).uint(3, str(f.function)).uint(4, str(f.file ?? loc.module ?? ''));
        if (f.functionLine !== undefined) fw.uint(5, f.functionLine);
        fnWriters.push(fw);
      }
      const line = new ProtoWriter().uint(1, id);
      if (f.line !== undefined) line.uint(2, f.line);
      if (f.column) line.uint(3, f.column);
      w.message(4, line);
    }
    out.message(4, w);
  });
  for (const fw of fnWriters) out.message(5, fw);
  for (const s of strings.keys()) out.string(6, s);
  out.uint(9, profile.startTime * 1000).uint(10, profile.duration * 1000);
  if (exact) {
    out.message(11, valueType('instructions', 'count')).uint(12, 1);
  } else {
    out.message(11, valueType('cpu', 'nanoseconds')).uint(12, profile.interval * 1000);
  }
  return out.finish();
}
