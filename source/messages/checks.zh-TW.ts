// Traditional Chinese wording shared by every check (checks.en.ts).
import {translation} from '../engine/words.js';
import {checksEn} from './checks.en.js';

export const checksZhTW = translation(checksEn)({
	'check.common.noWorkloadNamespaces': '在範圍內除了系統名字空間之外沒有其他名字空間，所以沒有可評估的對象。',
	'fix.target.notAffected': '{target}：那裡沒有需要變更的。',
	'fix.error.badOption': '修正選項 {name} 接受 {expected}，而不是「{value}」。',
});
