// The API server's serving certificate (from a TLS handshake that verifies and sends nothing)
// and how its expiry is judged; read by api-tls (1.1) and credential-rotation (4.4).
import tls from 'node:tls';
import type {Evidence, Status} from '../engine/types.js';
import {type Words, sayer, line, translation, type Phrase} from '../engine/words.js';

const certificateEn = {
	servingName: 'API server serving certificate',
	'error.noCertificate': 'the server presented no certificate',
	'error.timeout': 'the TLS handshake timed out',
	'ev.certificate': 'issued to {subject} by {issuer}, valid until {until} ({days} days left, {lifetime}-day lifetime)',
	'ev.expired': 'It has EXPIRED.',
	'ev.expiring': 'It expires within 30 days.',
	'reason.handshake': 'The TLS handshake with the API server failed: {error}.',
} as const;

const certificateZh = translation(certificateEn)({
	servingName: 'API 伺服器的服務證書',
	'error.noCertificate': '伺服器沒有出示任何證書',
	'error.timeout': 'TLS 握手逾時',
	'ev.certificate': '簽發給 {subject}，簽發者 {issuer}，有效至 {until}（還剩 {days} 天，有效期共 {lifetime} 天）',
	'ev.expired': '它已經過期。',
	'ev.expiring': '它將在 30 天內過期。',
	'reason.handshake': '與 API 伺服器的 TLS 握手失敗：{error}。',
});

export const certificateWords: Words<typeof certificateEn> = {en: certificateEn, 'zh-TW': certificateZh};
export const sayCertificate = sayer('certificate', certificateWords);

export interface ServingCertificate {
	subject: string;
	issuer: string;
	validFrom: Date;
	validTo: Date;
}

/** The API server's serving certificate, as its TLS handshake presents it (nothing is verified or sent). */
export function servingCertificate(server: string, timeoutMs: number, servername?: string): Promise<ServingCertificate> {
	const url = new URL(server);
	return new Promise((resolve, reject) => {
		const socket = tls.connect({host: url.hostname, port: Number(url.port || 443), servername: servername ?? (/^[\d.]+$|:/.test(url.hostname) ? undefined : url.hostname), rejectUnauthorized: false}, () => {
			const peer = socket.getPeerCertificate();
			socket.end();
			if (!peer || !peer.valid_to) {
				reject(new Error(sayCertificate('error.noCertificate')));
				return;
			}
			const name = (part: unknown) => {
				const value = (part as {CN?: string | string[]; O?: string | string[]} | undefined);
				return [value?.CN, value?.O].flat().filter(Boolean).join(', ') || '?';
			};
			resolve({subject: name(peer.subject), issuer: name(peer.issuer), validFrom: new Date(peer.valid_from), validTo: new Date(peer.valid_to)});
		});
		socket.setTimeout(timeoutMs || 30_000, () => socket.destroy(new Error(sayCertificate('error.timeout'))));
		socket.on('error', reject);
	});
}

export const day = 24 * 60 * 60 * 1000;

/** A certificate's dates, judged: expired fails, expiring within 30 days warns. */
export function judgeCertificate(certificate: ServingCertificate, now = new Date()): {status: Status; phrases: Phrase[]} {
	const days = Math.floor((certificate.validTo.getTime() - now.getTime()) / day);
	const lifetime = Math.round((certificate.validTo.getTime() - certificate.validFrom.getTime()) / day);
	const phrases = [sayCertificate.code('ev.certificate', {subject: certificate.subject, issuer: certificate.issuer, until: certificate.validTo.toISOString().slice(0, 10), days, lifetime})];
	const status: Status = days < 0 ? 'fail' : days < 30 ? 'warn' : 'pass';
	if (status !== 'pass') {
		phrases.push(sayCertificate.code(days < 0 ? 'ev.expired' : 'ev.expiring'));
	}
	return {status, phrases};
}

export function certificateEvidence(name: string, certificate: ServingCertificate, now = new Date()): {status: Status; evidence: Evidence[]} {
	const {status, phrases} = judgeCertificate(certificate, now);
	return {status, evidence: [{kind: 'Certificate', name, ...line(phrases, ' ')}]};
}
