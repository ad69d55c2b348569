/**
 * A read-only git object store reader: loose objects and version-2 pack indexes, with node's native zlib.
 * isomorphic-git inflates with a JavaScript zlib and re-checks the object folders on every read; walking 10,000
 * commits through it takes tens of seconds, through this a few. Used for the version index walk and blob reads;
 * anything it does not handle (pack index v1, a missing object) throws, and callers fall back to isomorphic-git.
 */
import { open, readdir, readFile } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import { isMissing } from '../fs-errors.ts';

export type ObjectType = 'commit' | 'tree' | 'blob' | 'tag';
export type RawObject = { type: ObjectType; data: Buffer };

const TYPES: Record<number, ObjectType> = { 1: 'commit', 2: 'tree', 3: 'blob', 4: 'tag' };
const OFS_DELTA = 6;
const REF_DELTA = 7;
/** Delta bases kept decoded (a chain shares its bases). */
const BASE_CACHE_LIMIT = 4096;

type Pack = {
  name: string;
  path: string;
  idxPath: string;
  /** The whole pack index (walks), or null to read the fan-out bucket of each lookup (point lookups). */
  idx: Buffer | null;
  /** Header and fan-out table of the pack index. */
  fanout: Buffer;
  /** The whole pack in memory (walks), or null to read each object at its offset (point lookups). */
  pack: Buffer | null;
  count: number;
  bases: Map<number, RawObject>;
};

export type ObjectReaderOptions = {
  /**
   * For one walk over thousands of objects: load whole packfiles into memory and list each loose-object
   * folder once instead of trying to open a file per object. Objects are immutable, and a walk reads only
   * objects that existed when it started, so the listings cannot miss one it needs.
   */
  wholePacks?: boolean;
};

export class ObjectReader {
  readonly #gitdir: string;
  readonly #wholePacks: boolean;
  #packs: Promise<Pack[]> | null = null;
  readonly #looseDirs = new Map<string, Promise<Set<string>>>();

  constructor(gitdir: string, options: ObjectReaderOptions = {}) {
    this.#gitdir = gitdir;
    this.#wholePacks = options.wholePacks ?? false;
  }

  async read(oid: string): Promise<RawObject> {
    const loose = await this.#readLoose(oid);
    if (loose) return loose;
    for (let attempt = 0; attempt < 2; attempt++) {
      for (const pack of await this.#loadPacks()) {
        const offset = await findOffset(pack, oid);
        if (offset !== null) return this.#readPacked(pack, offset);
      }
      // A `git gc` since the packs were listed: list them again once.
      this.#packs = null;
    }
    throw new Error(`object ${oid} not found`);
  }

  async #readLoose(oid: string): Promise<RawObject | null> {
    if (this.#wholePacks) {
      const dir = oid.slice(0, 2);
      let names = this.#looseDirs.get(dir);
      if (!names) {
        names = readdir(`${this.#gitdir}/objects/${dir}`).then(
          (n) => new Set(n),
          (error: unknown) => {
            // No such fan-out folder: no loose object there. An unreadable one is damage, reported.
            if (isMissing(error)) return new Set<string>();
            throw error;
          },
        );
        this.#looseDirs.set(dir, names);
      }
      if (!(await names).has(oid.slice(2))) return null;
    }
    let deflated: Buffer;
    try {
      deflated = await readFile(`${this.#gitdir}/objects/${oid.slice(0, 2)}/${oid.slice(2)}`);
    } catch (error) {
      // Not a loose object: it may be in a pack, which the caller reads next. Unreadable is not "absent".
      if (isMissing(error)) return null;
      throw error;
    }
    const raw = inflateSync(deflated);
    const space = raw.indexOf(0x20);
    const nul = raw.indexOf(0);
    const type = raw.subarray(0, space).toString() as ObjectType;
    return { type, data: raw.subarray(nul + 1) };
  }

  #loadPacks(): Promise<Pack[]> {
    this.#packs ??= (async () => {
      const dir = `${this.#gitdir}/objects/pack`;
      // No pack folder: a repository with only loose objects.
      const names = await readdir(dir).catch(() => [] as string[]);
      const packs: Pack[] = [];
      for (const n of names.filter((x) => x.endsWith('.idx')).sort()) {
        const idxPath = `${dir}/${n}`;
        const idx = this.#wholePacks ? await readFile(idxPath) : null;
        const fanout = idx ?? (await readRange(idxPath, 0, FANOUT_END));
        if (
          fanout.length < FANOUT_END ||
          fanout.readUInt32BE(0) !== 0xff744f63 ||
          fanout.readUInt32BE(4) !== 2
        ) {
          throw new Error(`unsupported pack index ${n}`);
        }
        const path = `${dir}/${n.slice(0, -4)}.pack`;
        const pack = this.#wholePacks ? await readFile(path) : null;
        const count = fanout.readUInt32BE(8 + 255 * 4);
        packs.push({ name: n, path, idxPath, idx, fanout, pack, count, bases: new Map() });
      }
      return packs;
    })();
    return this.#packs;
  }

  async #readPacked(pack: Pack, start: number): Promise<RawObject> {
    const whole = pack.pack;
    if (whole) return this.#resolve(pack, start, async (offset) => whole.subarray(offset));
    const fh = await open(pack.path, 'r');
    try {
      return await this.#resolve(pack, start, async (offset, length) => {
        const buf = Buffer.alloc(length);
        const { bytesRead } = await fh.read(buf, 0, length, offset);
        return buf.subarray(0, bytesRead);
      });
    } finally {
      await fh.close();
    }
  }

  /** `chunk(offset, length)`: at least `length` bytes of the pack from `offset` (or up to its end). */
  async #resolve(
    pack: Pack,
    start: number,
    chunk: (offset: number, length: number) => Promise<Buffer>,
  ): Promise<RawObject> {
    // Walk down the delta chain to a stored base (or a cached one), then apply the deltas on the way back up.
    const deltas: Buffer[] = [];
    const offsets: number[] = [];
    let offset = start;
    let base: RawObject | undefined;
    for (;;) {
      const cached = pack.bases.get(offset);
      if (cached) {
        base = cached;
        break;
      }
      const head = await chunk(offset, 32);
      const h = readHeader(head, 0);
      // Deflate never grows data by more than a few bytes per 16 KiB block, plus header and checksum.
      const data = async () =>
        inflateSync(await chunk(offset + h.dataStart, h.size + 64 + 5 * Math.ceil(h.size / 16384)));
      if (h.type === OFS_DELTA || h.type === REF_DELTA) {
        offsets.push(offset);
        deltas.push(await data());
        if (h.type === OFS_DELTA) {
          offset -= h.baseDistance as number;
          continue;
        }
        base = await this.read(h.baseOid as string);
        break;
      }
      const type = TYPES[h.type];
      if (!type) throw new Error(`bad object type ${h.type} in ${pack.name} at ${offset}`);
      base = { type, data: await data() };
      remember(pack, offset, base);
      break;
    }
    let obj = base;
    for (let i = deltas.length - 1; i >= 0; i--) {
      obj = { type: obj.type, data: applyDelta(obj.data, deltas[i] as Buffer) };
      remember(pack, offsets[i] as number, obj);
    }
    return obj;
  }
}

function remember(pack: Pack, offset: number, obj: RawObject): void {
  if (pack.bases.size >= BASE_CACHE_LIMIT) pack.bases.delete(pack.bases.keys().next().value as number);
  pack.bases.set(offset, obj);
}

const FANOUT_END = 8 + 256 * 4;

async function readRange(file: string, offset: number, length: number): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, offset);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Bytes of the pack index: from memory, or read from the file (a bucket of names, one offset). */
function idxBytes(pack: Pack, offset: number, length: number): Promise<Buffer> | Buffer {
  return pack.idx ? pack.idx.subarray(offset, offset + length) : readRange(pack.idxPath, offset, length);
}

/** Where `oid` starts in the pack: binary search in its fan-out bucket of the (sorted) name table. */
async function findOffset(pack: Pack, oid: string): Promise<number | null> {
  const { fanout, count } = pack;
  const want = Buffer.from(oid, 'hex');
  if (want.length !== 20) return null;
  const first = want[0] as number;
  const from = first === 0 ? 0 : fanout.readUInt32BE(8 + (first - 1) * 4);
  const to = fanout.readUInt32BE(8 + first * 4);
  if (from >= to) return null;
  const names = await idxBytes(pack, FANOUT_END + from * 20, (to - from) * 20);
  let lo = 0;
  let hi = to - from;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    // compare() > 0: the entry at `mid` sorts after `want`.
    const c = names.compare(want, 0, 20, mid * 20, mid * 20 + 20);
    if (c === 0) {
      const offStart = FANOUT_END + count * 24;
      const off = (await idxBytes(pack, offStart + (from + mid) * 4, 4)).readUInt32BE(0);
      if (!(off & 0x80000000)) return off;
      const large = offStart + count * 4 + (off & 0x7fffffff) * 8;
      return Number((await idxBytes(pack, large, 8)).readBigUInt64BE(0));
    }
    if (c > 0) hi = mid;
    else lo = mid + 1;
  }
  return null;
}

/** An object's header; `dataStart` is relative to the header's first byte; `size` is the inflated size. */
type Header = { type: number; size: number; dataStart: number; baseDistance?: number; baseOid?: string };

function readHeader(buf: Buffer, offset: number): Header {
  let pos = offset;
  let c = buf[pos++] as number;
  const type = (c >> 4) & 7;
  let size = c & 15;
  let shift = 16;
  while (c & 0x80) {
    c = buf[pos++] as number;
    size += (c & 0x7f) * shift;
    shift *= 128;
  }
  if (type === OFS_DELTA) {
    c = buf[pos++] as number;
    let rel = c & 0x7f;
    while (c & 0x80) {
      c = buf[pos++] as number;
      rel = (rel + 1) * 128 + (c & 0x7f);
    }
    return { type, size, dataStart: pos - offset, baseDistance: rel };
  }
  if (type === REF_DELTA) {
    return { type, size, dataStart: pos + 20 - offset, baseOid: buf.subarray(pos, pos + 20).toString('hex') };
  }
  return { type, size, dataStart: pos - offset };
}

function applyDelta(base: Buffer, delta: Buffer): Buffer {
  let p = 0;
  const varint = (): number => {
    let n = 0;
    let shift = 1;
    let c: number;
    do {
      c = delta[p++] as number;
      n += (c & 0x7f) * shift;
      shift *= 128;
    } while (c & 0x80);
    return n;
  };
  const srcSize = varint();
  if (srcSize !== base.length) throw new Error('delta base size mismatch');
  const out = Buffer.allocUnsafe(varint());
  let o = 0;
  while (p < delta.length) {
    const op = delta[p++] as number;
    if (op & 0x80) {
      let off = 0;
      let size = 0;
      if (op & 0x01) off += delta[p++] as number;
      if (op & 0x02) off += (delta[p++] as number) * 0x100;
      if (op & 0x04) off += (delta[p++] as number) * 0x10000;
      if (op & 0x08) off += (delta[p++] as number) * 0x1000000;
      if (op & 0x10) size += delta[p++] as number;
      if (op & 0x20) size += (delta[p++] as number) * 0x100;
      if (op & 0x40) size += (delta[p++] as number) * 0x10000;
      if (size === 0) size = 0x10000;
      base.copy(out, o, off, off + size);
      o += size;
    } else if (op > 0) {
      delta.copy(out, o, p, p + op);
      p += op;
      o += op;
    } else {
      throw new Error('bad delta opcode 0');
    }
  }
  if (o !== out.length) throw new Error('delta result size mismatch');
  return out;
}

export type ParsedCommit = {
  tree: string;
  parents: string[];
  author: { name: string; email: string; timestamp: number };
  committerTime: number;
  message: string;
};

export function parseCommit(data: Buffer): ParsedCommit {
  const text = data.toString('utf8');
  const end = text.indexOf('\n\n');
  const headers = end < 0 ? text : text.slice(0, end);
  const out: ParsedCommit = {
    tree: '',
    parents: [],
    author: { name: '', email: '', timestamp: 0 },
    committerTime: 0,
    message: end < 0 ? '' : text.slice(end + 2),
  };
  for (const line of headers.split('\n')) {
    const sp = line.indexOf(' ');
    const key = line.slice(0, sp);
    const value = line.slice(sp + 1);
    if (key === 'tree') out.tree = value;
    else if (key === 'parent') out.parents.push(value);
    else if (key === 'author' || key === 'committer') {
      const m = /^(.*) <(.*)> (\d+) [+-]\d{4}$/.exec(value);
      if (!m) continue;
      if (key === 'author')
        out.author = { name: m[1] as string, email: m[2] as string, timestamp: Number(m[3]) };
      else out.committerTime = Number(m[3]);
    }
  }
  return out;
}

export type TreeItem = { mode: string; path: string; oid: string; type: 'blob' | 'tree' | 'commit' };

export function parseTree(data: Buffer): TreeItem[] {
  const out: TreeItem[] = [];
  let p = 0;
  while (p < data.length) {
    const sp = data.indexOf(0x20, p);
    const nul = data.indexOf(0, sp);
    const mode = data.toString('latin1', p, sp);
    const path = data.toString('utf8', sp + 1, nul);
    const oid = data.toString('hex', nul + 1, nul + 21);
    p = nul + 21;
    const type = mode === '40000' ? 'tree' : mode === '160000' ? 'commit' : 'blob';
    out.push({ mode: mode.padStart(6, '0'), path, oid, type });
  }
  return out;
}
