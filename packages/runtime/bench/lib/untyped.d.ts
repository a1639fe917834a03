/** npm packages the benches use that ship no types: only what the benches touch is declared. */
declare module 'polywasm' {
  export const WebAssembly: unknown;
}

declare module 'sql.js' {
  interface QueryResult { columns: string[]; values: unknown[][] }
  interface Statement { run(params: unknown[]): void; free(): void }
  interface Database {
    run(sql: string): void;
    exec(sql: string): QueryResult[];
    prepare(sql: string): Statement;
    close(): void;
  }
  interface SqlJs { Database: new () => Database }
  export default function initSqlJs(): Promise<SqlJs>;
}
