#!/usr/bin/env node
// Ad-hoc code-signs a thin 64-bit Mach-O executable in place, without macOS: the same
// signature Go's linker (cmd/internal/codesign) and Bun write for darwin/arm64: one SHA-256
// CodeDirectory over 4 KiB pages, flags adhoc|linker-signed, no requirements, no CMS.
// Needed because `bun build --compile --target=bun-darwin-x64` leaves the runtime's original
// signature in place, which no longer matches the file (macOS then refuses or kills it).
//   node macho-adhoc-sign.mjs <file> [identifier]
import crypto from 'node:crypto';
import fs from 'node:fs';

const [file, ident = 'kubectl-harden'] = process.argv.slice(2);
if (!file) {
	console.error('usage: macho-adhoc-sign.mjs <file> [identifier]');
	process.exit(2);
}
const LC_SEGMENT_64 = 0x19;
const LC_CODE_SIGNATURE = 0x1d;
const pageBits = 12;
const pageSize = 1 << pageBits;
const superBlobSize = 12;
const blobIndexSize = 8;
const codeDirectorySize = 88;

const data = fs.readFileSync(file);
if (data.readUInt32LE(0) !== 0xfeedfacf) {
	throw new Error(`${file}: not a thin 64-bit little-endian Mach-O`);
}
const ncmds = data.readUInt32LE(16);
const filetype = data.readUInt32LE(12);
let offset = 32;
let sigCmd;
let text;
let linkedit;
for (let i = 0; i < ncmds; i++) {
	const cmd = data.readUInt32LE(offset);
	const size = data.readUInt32LE(offset + 4);
	if (cmd === LC_CODE_SIGNATURE) {
		sigCmd = offset;
	} else if (cmd === LC_SEGMENT_64) {
		const name = data.toString('latin1', offset + 8, offset + 24).replace(/\0+$/, '');
		const seg = {at: offset, fileoff: Number(data.readBigUInt64LE(offset + 40)), filesize: Number(data.readBigUInt64LE(offset + 48))};
		if (name === '__TEXT') text = seg;
		if (name === '__LINKEDIT') linkedit = seg;
	}
	offset += size;
}
if (!text || !linkedit) {
	throw new Error(`${file}: no __TEXT or __LINKEDIT segment`);
}
if (sigCmd === undefined) {
	throw new Error(`${file}: no LC_CODE_SIGNATURE load command to fill (unsigned input is not supported)`);
}
const codeLimit = data.readUInt32LE(sigCmd + 8); // the signature starts where the signed code ends
if (codeLimit % 16 !== 0 || codeLimit < linkedit.fileoff || codeLimit > linkedit.fileoff + linkedit.filesize) {
	throw new Error(`${file}: the signature does not sit inside __LINKEDIT`);
}

const nSlots = Math.ceil(codeLimit / pageSize);
const identBytes = Buffer.from(`${ident}\0`, 'utf8');
const hashOffset = codeDirectorySize + identBytes.length;
const cdLength = hashOffset + nSlots * 32;
const total = superBlobSize + blobIndexSize + cdLength;

const sig = Buffer.alloc(total);
sig.writeUInt32BE(0xfade0cc0, 0); // CSMAGIC_EMBEDDED_SIGNATURE
sig.writeUInt32BE(total, 4);
sig.writeUInt32BE(1, 8); // one blob
sig.writeUInt32BE(0, 12); // CSSLOT_CODEDIRECTORY
sig.writeUInt32BE(superBlobSize + blobIndexSize, 16);
const cd = superBlobSize + blobIndexSize;
sig.writeUInt32BE(0xfade0c02, cd); // CSMAGIC_CODEDIRECTORY
sig.writeUInt32BE(cdLength, cd + 4);
sig.writeUInt32BE(0x20400, cd + 8); // version with exec segment fields
sig.writeUInt32BE(0x20002, cd + 12); // CS_ADHOC | CS_LINKER_SIGNED
sig.writeUInt32BE(hashOffset, cd + 16);
sig.writeUInt32BE(codeDirectorySize, cd + 20); // identOffset
sig.writeUInt32BE(0, cd + 24); // nSpecialSlots
sig.writeUInt32BE(nSlots, cd + 28);
sig.writeUInt32BE(codeLimit, cd + 32);
sig.writeUInt8(32, cd + 36); // hashSize
sig.writeUInt8(2, cd + 37); // CS_HASHTYPE_SHA256
sig.writeUInt8(0, cd + 38); // platform
sig.writeUInt8(pageBits, cd + 39);
// spare2, scatterOffset, teamOffset, spare3, codeLimit64 stay zero
sig.writeBigUInt64BE(BigInt(text.fileoff), cd + 64); // execSegBase
sig.writeBigUInt64BE(BigInt(text.filesize), cd + 72); // execSegLimit
sig.writeBigUInt64BE(filetype === 2 ? 1n : 0n, cd + 80); // CS_EXECSEG_MAIN_BINARY for MH_EXECUTE
identBytes.copy(sig, cd + codeDirectorySize);

// Load commands first (they are inside page 0, which is hashed).
data.writeUInt32LE(total, sigCmd + 12);
const linkeditEnd = codeLimit + total;
const newFilesize = linkeditEnd - linkedit.fileoff;
data.writeBigUInt64LE(BigInt(newFilesize), linkedit.at + 48);
if (newFilesize > Number(data.readBigUInt64LE(linkedit.at + 32))) {
	data.writeBigUInt64LE(BigInt(Math.ceil(newFilesize / pageSize) * pageSize), linkedit.at + 32);
}
for (let i = 0; i < nSlots; i++) {
	const page = data.subarray(i * pageSize, Math.min((i + 1) * pageSize, codeLimit));
	crypto.createHash('sha256').update(page).digest().copy(sig, cd + hashOffset + i * 32);
}
const out = Buffer.concat([data.subarray(0, codeLimit), sig]);
// Check the result the way the kernel does: every page below codeLimit against its slot.
for (let i = 0; i < nSlots; i++) {
	const page = out.subarray(i * pageSize, Math.min((i + 1) * pageSize, codeLimit));
	const want = out.subarray(codeLimit + cd + hashOffset + i * 32, codeLimit + cd + hashOffset + (i + 1) * 32);
	if (!crypto.createHash('sha256').update(page).digest().equals(want)) {
		throw new Error(`${file}: page ${i} does not match its hash after signing`);
	}
}
fs.writeFileSync(`${file}.signing`, out, {mode: fs.statSync(file).mode});
fs.renameSync(`${file}.signing`, file);
console.log(`${file}: ad-hoc signed (${nSlots} pages, identifier ${ident})`);
