/**
 * A Profile as a Chrome/V8 `.cpuprofile` (DevTools' Performance panel and VS Code open it): a
 * call tree of `nodes` (one per function per path, `callFrame.lineNumber` the function's own line,
 * 0-based; `positionTicks` the lines its own samples ran, 1-based), `samples` (the node of each
 * sample, newest frame) and `timeDeltas` (µs before each sample: its weight). Source frames are
 * the nodes — an inlined call is a node like any call. Exact profiles weigh instructions: one per µs.
 */
import { type Profile, type ProfileFrame, rootFirstFrames } from './profile.ts';

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; scriptId: string; url: string; lineNumber: number; columnNumber: number };
  hitCount: number;
  children: number[];
  positionTicks?: { line: number; ticks: number }[];
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export function toCpuProfile(profile: Profile): CpuProfile {
  const scripts = new Map<string, string>();
  const scriptId = (url: string) => {
    let id = scripts.get(url);
    if (id === undefined) scripts.set(url, (id = String(scripts.size + 1)));
    return id;
  };
  const root: CpuProfileNode = node(1, { function: '(root)', inlined: false }, '0');
  const nodes: CpuProfileNode[] = [root];
  const childIndex = new Map<string, CpuProfileNode>();
  const lineTicks = new Map<CpuProfileNode, Map<number, number>>();
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  for (const s of profile.samples) {
    let at = root;
    for (const f of rootFirstFrames(profile, s)) {
      const key = `${at.id}\0${f.function}\0${f.file ?? ''}\0${f.functionLine ?? ''}`;
      let child = childIndex.get(key);
      if (child === undefined) {
        child = node(nodes.length + 1, f, f.file !== undefined ? scriptId(f.file) : '0');
        nodes.push(child);
        childIndex.set(key, child);
        at.children.push(child.id);
      }
      at = child;
    }
    at.hitCount++;
    const leaf = profile.locations[s.locations[0]]?.frames[0];
    if (leaf?.line !== undefined) {
      let ticks = lineTicks.get(at);
      if (ticks === undefined) lineTicks.set(at, (ticks = new Map()));
      ticks.set(leaf.line, (ticks.get(leaf.line) ?? 0) + 1);
    }
    samples.push(at.id);
    timeDeltas.push(Math.round(s.weight));
  }
  for (const [n, ticks] of lineTicks) n.positionTicks = [...ticks].map(([line, t]) => ({ line, ticks: t }));
  const startTime = Math.round(profile.startTime);
  return { nodes, startTime, endTime: startTime + Math.round(profile.duration), samples, timeDeltas };
}

function node(id: number, f: ProfileFrame, script: string): CpuProfileNode {
  return {
    id,
    callFrame: {
      functionName: f.inlined ? `${f.function} [inlined]` : f.function,
      scriptId: script,
      url: f.file ?? '',
      lineNumber: f.functionLine !== undefined ? f.functionLine - 1 : -1,
      columnNumber: -1,
    },
    hitCount: 0,
    children: [],
  };
}
