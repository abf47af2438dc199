// Entry point of the `rlm` binary (bundled to dist/cli.js).
import { main } from './main.js';

void main(process.argv);
