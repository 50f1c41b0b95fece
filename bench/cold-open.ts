// One cold start of the desk's store in a fresh process: open the file, check the migrations,
// read the desk identity and the first queue page. Prints the milliseconds it took.
import { deskContext } from '../main/context';
import { listQueue } from '../main/requests/queries';
import { openStore } from '../main/store/db';
import { queueQuerySchema } from '../shared/contract';

const file = process.argv[2];
if (!file) throw new Error('usage: cold-open.ts <store file>');
const start = performance.now();
const db = openStore(file);
const ctx = deskContext(db);
const page = listQueue(ctx, queueQuerySchema.parse({ side: 'borrowing' }));
const ms = performance.now() - start;
if (page.rows.length === 0) throw new Error('first page is empty');
db.close();
process.stdout.write(`${ms}\n`);
