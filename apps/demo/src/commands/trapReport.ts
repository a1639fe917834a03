/** How a trap is shown on a terminal: the message, then the wasm frames of its stack. */
export function describeTrap(error: Error): string {
  const frames = (error.stack ?? '').split('\n').filter((line) => line.includes('wasm://') || line.includes('wasm-function'));
  return `trap: ${error.message}\n${frames.map((line) => `  ${line.trim()}\n`).join('')}`;
}
