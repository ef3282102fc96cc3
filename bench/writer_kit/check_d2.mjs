// usage: node check_d2.mjs FILE.d2  -> prints OK or the compiler error
import { D2 } from "@terrastruct/d2";
import { readFileSync } from "node:fs";
const d2 = new D2();
const src = readFileSync(process.argv[2], "utf8");
try { await d2.compile(src); console.log("OK"); process.exit(0); }
catch (e) { console.log("ERROR " + (e.message || e)); process.exit(1); }
