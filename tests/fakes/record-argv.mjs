// A stand-in for an SMS command: writes the arguments it got, the SMS_* variables and the names of all its
// environment variables to the file named by its first argument (as JSON), then exits with its second argument.
import { writeFileSync } from "node:fs";

const [out, code, ...rest] = process.argv.slice(2);
const sms = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith("SMS_")));
writeFileSync(out, JSON.stringify({ argv: rest, sms, envNames: Object.keys(process.env).sort() }));
process.exit(Number(code));
