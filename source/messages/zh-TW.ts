// Traditional Chinese message catalog: the same keys as en.ts, each with the same {placeholders}.
// Like en.ts it is joined from one table per area; an area that adds English keys in
// `<area>.en.ts` adds their Traditional Chinese in `<area>.zh-TW.ts` (typed with `translation`)
// and spreads it into `areas` below. The keys en.ts holds itself are translated here; the whole
// is typed as a full table, so a key missing in Chinese or a placeholder that differs does not
// compile (test/catalog.test.ts checks both again at run time). Terms: glossary.ts.
import {translation} from '../engine/words.js';
import type {MessageId} from './catalog.js';
import {accessZhTW} from './access.zh-TW.js';
import {checksZhTW} from './checks.zh-TW.js';
import {en} from './en.js';
import {guideZhTW} from './guide.zh-TW.js';
import {langZhTW} from './lang.zh-TW.js';
import {offerZhTW} from './offer.zh-TW.js';
import {progressZhTW} from './progress.zh-TW.js';
import {walkZhTW} from './walk.zh-TW.js';

const areas = {
	...accessZhTW,
	...checksZhTW,
	...langZhTW,
	...walkZhTW,
	...offerZhTW,
	...progressZhTW,
	...guideZhTW,
};

/** The keys en.ts holds itself (not from an area table). */
type Own = Omit<typeof en, keyof typeof areas>;

const own = translation(en as Own)({
	// Command line
	'cli.usage': `用法：
  kubectl harden [flags]                       互動式逐節走過「保護叢集安全」
  kubectl harden --report json [flags]         非互動式報告，輸出到 stdout（或 --output <file>）
  kubectl harden fix <check-id> [flags]        預覽一項檢查的修正（伺服器端試執行）；--yes 套用
  kubectl harden undo [<entry>] [flags]        復原最近一次套用的修正，或修正紀錄第 <entry> 筆
  kubectl harden journal [flags]               列出從這台機器對此叢集套用過的修正
  kubectl harden write <file> <path> [--force] 寫出手動步驟需要的檔案：audit-policy（4.2），
                                               encryption-config（4.6，新的隨機金鑰，權限 0600）
  kubectl harden reencrypt [flags]             開啟靜態加密之後：重寫 Secret、ConfigMap 與自訂資源，
                                               讓它們以加密方式儲存（--yes 才執行；--resources <a,b>
                                               指定類型；中斷後可接續）
  kubectl harden mark <check-id> <step> [flags] 在這個叢集上把一個手動步驟標記為完成（--note <text>
                                               附上備註；--undo 取消標記）；不會改變任何判定

逐節帶你走過 Kubernetes 指南「保護叢集安全」（Securing a Cluster），針對每一節
探測你正在執行的叢集，解釋每個風險，並提供修正：只有在你要求時，才透過
Kubernetes API 套用。探測是唯讀的。

參數：
      --kubeconfig <path>        要使用的 kubeconfig 檔案（預設：$KUBECONFIG，其次 ~/.kube/config）
      --context <name>           要使用的 kubeconfig context
      --cluster <name>           要使用的 kubeconfig 叢集（取代 context 所指定的）
      --user <name>              要使用的 kubeconfig 使用者（取代 context 所指定的）
  -n, --namespace <name>         只評估這個名字空間（預設：整個叢集）
      --request-timeout <dur>    每個 API 請求的時限：0（不限）、30s、1m、1h
                                 （預設讀取 10s，寫入 30s）
      --as <user>                以這個使用者的身分操作（身分模擬）
      --as-group <group>         以這個群組成員的身分操作（可重複；需要 --as）
      --lang en|zh-TW            使用的語言（預設：上次在逐節檢查中選擇的語言，
                                 其次 LC_ALL、LC_MESSAGES、LANG：zh_TW、zh_HK、zh_MO 選擇 zh-TW）
  -h, --help                     顯示這份說明
      --version                  顯示版本

報告參數：
      --report json|sarif|junit|markdown
                                 輸出報告而不是逐節檢查：JSON、SARIF 2.1.0（程式碼
                                 掃描）、JUnit XML（CI 測試檢視）或 Markdown
      --output <file>            把報告寫到這個檔案（完整寫入或完全不寫；- 表示 stdout）
      --section <n>              只看指南的這一節，例如 3 或 3.2（可重複）
      --fail-on warn|fail        有檢查達到該等級或更糟時以 3 結束（warn 包括 unknown）
      --node-max-age <days>      node-age：列出註冊時間超過這麼多天的節點（預設 90）

修正與復原參數：
      --target <ns/name|name>    只修正這個發現項目（可重複；預設：檢查找到的全部）
      --option <key=value>       修正提供的選擇，例如 same-namespace=false（可重複）
      --yes                      試執行通過後套用修正（預設：只預覽）
      --accept-impact            搭配 --yes：即使預覽列出會破壞的東西也照樣套用
      --force                    即使物件在修正後有變動也要復原；覆寫已存在的檔案；
                                 無法確認加密已開啟時仍執行 reencrypt
      --resources <types>        reencrypt：加密設定涵蓋的資源類型，例如
                                 secrets,configmaps,widgets.example.com（可重複）

結束狀態：0 完成；1 無法讀取叢集，或修正、復原沒有完成（訊息會說明原因）；
2 命令列有誤，或逐節檢查沒有終端機可用；3 符合 --fail-on。

沒有自己的叢集也能試用：npm run sandbox（在 kubectl-harden 的原始碼目錄中）。`,
	'cli.error.prefix': 'kubectl harden：{message}',
	'cli.error.noTty': '互動式逐節檢查需要終端機，但目前沒有連接終端機。要非互動式報告請用 --report json。',
	'cli.error.badReportFormat': '--report 接受「json」、「sarif」、「junit」或「markdown」，而不是「{value}」。',
	'cli.error.badOutput': '--output 接受要寫入報告的檔案，或以 - 表示 stdout，而不是「{value}」。',
	'cli.error.outputNoDirectory': '--output {path}：目錄 {directory} 不存在；沒有進行任何探測。',
	'cli.error.badTimeout': '--request-timeout 接受時間長度，例如 0、30s、1m 或 1h30m，而不是「{value}」。',
	'cli.error.asGroupWithoutAs': '--as-group 需要 --as：請指定要模擬的使用者。',
	'cli.error.unexpectedArgs': '未預期的參數「{arg}」。請參閱 kubectl harden --help。',
	'cli.error.unknownFlag': '不認得的參數 {flag}。請參閱 kubectl harden --help。',
	'cli.error.flagNeedsValue': '{flag} 需要一個值。請參閱 kubectl harden --help。',
	'cli.error.internal': '內部錯誤使執行中止：{message}。請連同你執行的命令一起回報。',

	// Kubeconfig
	'kubeconfig.error.noConfig': '找不到 kubeconfig：請設定 --kubeconfig 或 KUBECONFIG，或建立 ~/.kube/config。',
	'kubeconfig.error.missingFile': 'kubeconfig 檔案 {path} 不存在或無法讀取（{reason}）。',
	'kubeconfig.error.notYaml': 'kubeconfig 檔案 {path} 不是有效的 YAML：{reason}。',
	'kubeconfig.error.notKubeconfig': '檔案 {path} 不是 kubeconfig：{reason}。',
	'kubeconfig.error.noCurrentContext': 'kubeconfig 沒有目前的 context：請傳入 --context（其中的 context：{contexts}）。',
	'kubeconfig.error.unknownContext': 'kubeconfig 中沒有 context「{context}」（其中的 context：{contexts}）。',
	'kubeconfig.error.unknownCluster': 'kubeconfig 中沒有叢集「{cluster}」（其中的叢集：{clusters}）。',
	'kubeconfig.error.unknownUser': 'kubeconfig 中沒有使用者「{user}」（其中的使用者：{users}）。',
	'kubeconfig.error.noServer': 'kubeconfig 中的叢集「{cluster}」沒有伺服器位址。',
	'kubeconfig.error.credentials': '無法載入使用者「{user}」的憑據：{reason}。',
	'kubeconfig.error.tokenFile': 'kubeconfig 中使用者「{user}」的令牌檔案 {path} 無法使用（{reason}）；沒有在不帶憑據的情況下送出任何請求。',
	'kubeconfig.error.emptyFile': '檔案是空的',
	'kubeconfig.none': '（無）',

	// API access errors
	'kube.error.unreachable': '無法連到位於 {server} 的 API 伺服器：{reason}。請確認叢集正在執行、位址正確。',
	'kube.error.connectionRefused': '無法連到位於 {server} 的 API 伺服器：{reason}：那裡沒有任何程式在監聽。請確認叢集正在執行、位址正確。',
	'kube.error.aborted': '與位於 {server} 的 API 伺服器的連線在 {verb} {resource} 途中中斷（{reason}）；伺服器可能執行了、也可能沒有執行這個請求。',
	'kube.error.tlsOverHttp': 'kubeconfig 把 {server} 寫成純 http:// 位址，但那裡的伺服器使用 HTTPS（TLS）。請改用 https:// 和叢集的證書機構（CA）；問題不在你的憑據。',
	'kube.error.plainHttp': 'kubeconfig 把 {server} 寫成純 http:// 位址：這個連線既不加密也不驗證，因此被拒絕。請改用 https:// 和叢集的證書機構（CA）（僅限用完即丟的本機叢集：insecure-skip-tls-verify: true）。問題不在你的憑據。',
	'kube.error.tls': '與 {server} 的 TLS 連線驗證失敗：{reason}。kubeconfig 的證書機構（CA）無法擔保這台伺服器。',
	'kube.error.unauthorized': '位於 {server} 的 API 伺服器不接受你的憑據（401 Unauthorized）。它們可能已過期，或屬於另一個叢集。',
	'kube.error.forbidden': '被禁止：{identity}不可以 {verb} {resource}{scope}。API 伺服器說：{detail}',
	'kube.error.refused': 'API 伺服器拒絕 {verb} {resource}{scope}：{detail}',
	'kube.error.impersonationForbidden': '被禁止：你不可以模擬「{as}」的身分（--as、--as-group）。API 伺服器說：{detail}',
	'kube.error.timeout': '位於 {server} 的 API 伺服器沒有在 {timeout} 內回應 {verb} {resource}（--request-timeout）。',
	'kube.error.notFound': '找不到 {resource}「{name}」{scope}。',
	'kube.error.conflict': '{resource}「{name}」{scope}在處理期間被變更了（{detail}）。',
	'kube.error.invalid': 'API 伺服器拒絕 {verb} {resource}：{detail}',
	'kube.error.gone': '分頁讀取 {resource} 的清單時，清單變動太大；請再試一次。',
	'kube.error.server': 'API 伺服器對 {verb} {resource} 回應 {status}：{detail}',
	'kube.error.badResponse': 'API 伺服器對 {verb} {resource} 送回的回應不是 JSON。',
	'kube.scope.namespace': '（名字空間「{namespace}」）',
	'kube.scope.cluster': '（整個叢集）',
	'kube.identity.you': '你',
	'kube.identity.named': '使用者「{user}」',

	// Report, fix, undo and journal output
	'report.fix.manualOnly': '沒有自動修正：請看手動步驟。',
	'report.finding.unknown': '{detail}（無法判定：{reason}）',
	'md.reason': '原因：{reason}',
	'md.fix': '#{id} {check}：{summary}（{status}）',
	'fix.print.header': '{id}（{section}）的修正：{title}',
	'fix.print.nothing': '沒有要變更的：叢集已符合這項檢查，或它找到的問題都無法自動修正。',
	'fix.print.planned': '規劃的變更：',
	'fix.print.notes': '決定方式：',
	'fix.print.forbidden': '不提供：你不可以 {missing}。',
	'fix.print.dryRun': '伺服器端試執行（已執行驗證和准入；沒有儲存任何東西）：',
	'fix.print.ok': '正常   ',
	'fix.print.refused': '被拒絕 ',
	'fix.print.warning': 'API 伺服器的警告：{warning}',
	'fix.print.notApplied': '沒有做任何變更。',
	'fix.print.previewOnly': '沒有做任何變更。要套用，請加上 --yes 再執行同一個命令。',
	'fix.print.failed': '修正中止：{error}',
	'fix.print.rolledBack': '已回滾寫入的內容：{objects}。叢集回到修正之前的狀態。',
	'fix.print.rollbackFailed': '無法回滾 {failure}',
	'fix.print.entry': '修正紀錄第 {id} 筆：{status}。',
	'fix.print.interrupted': '被 {signal} 中斷：沒有再寫入任何變更。',
	'fix.print.leftover': '這項修正仍留在叢集中的：{objects}。等 API 伺服器回應後，執行 kubectl harden undo {id} 還原它們。',
	'fix.print.journalFailed': '無法寫入修正紀錄：{failure}',
	'impact.accessRemoved': '只拿掉這項檢查回報的存取權：{change}',
	'impact.unreadable': '無法讀取這項修正會破壞什麼：{error}',
	'fix.print.impact': '會破壞什麼（剛從叢集讀取）：',
	'fix.print.impactNone': '會破壞什麼：沒有找到。',
	'fix.print.impactNotAssessed': '會破壞什麼：這項修正未做評估；請閱讀規劃的變更。',
	'fix.print.impactBreaks': '會破壞 ',
	'fix.print.impactUnknown': '未知   ',
	'fix.print.impactNote': '備註   ',
	'fix.print.undoAll': '復原可以還原這項修正變更的一切。',
	'fix.print.needsAccept': '未套用：這項修正會破壞上面列出的東西，或無法判斷它在那裡的影響。若仍要套用，請以 --yes --accept-impact 執行同一個命令。',
	'fix.print.undoLimits': '復原無法還原的：',
	'fix.print.undoSameToken': '{object}：復原會重新建立它，而 Kubernetes 會再填入同一個令牌（舊式令牌沒有簽發時間），所以保留了被刪除令牌的人在復原後又能使用它。',
	'fix.print.undoLost': '{object}：它的資料從不被記錄，所以復原無法把它找回來。',
	'signal.stopping': '{signal}：在下一次寫入之前停止，然後回滾這項修正已寫入的內容……',
	'signal.stoppingUndo': '{signal}：在這次復原的下一個變更之前停止……',
	'signal.rollingBack': '修正紀錄第 {id} 筆正在回滾；仍待還原：{objects}。再按一次 Ctrl-C 立即離開：它們會留在叢集中，之後可用 kubectl harden undo {id} 還原。',
	'signal.quitNow': '立即離開。修正紀錄第 {id} 筆標為已中斷；kubectl harden undo {id} 可還原剩下的。',
	'fix.print.applied': '已套用。修正紀錄第 {id} 筆；復原方式：kubectl harden undo {id}',
	'fix.print.reprobe': '重新探測：{status}。',
	'fix.print.resolved': '不再回報：{targets}。',
	'fix.print.remaining': '仍被回報（見上方的說明）：{targets}。',
	'journal.print.empty': '這台機器沒有對 {server} 套用過任何修正。',
	'journal.print.header': '對 {server} 套用過的修正（修正紀錄：{file}）：',
	'journal.print.entry': '#{id}  {when}  {check}  {status}  由 {user}',
	'journal.print.error': '已中止：{error}',
	'journal.print.attention': '需要注意（這些修正的變更可能仍在叢集中；kubectl harden undo <id> 會精確還原它們）：',
	'journal.print.others': '較早且已完成的：',
	'journal.print.changes': '可能仍有 {left} 個變更在叢集中：{objects}',
	'journal.print.recovered': '修正紀錄第 {id} 筆（{check}）原本由一個已經不存在的程序寫入：已檢查叢集，其中 {landed} 個變更已生效{unknown}。已標為中斷；kubectl harden undo {id} 可還原已生效的部分。',
	'journal.print.recoveredUnknown': '（有 {count} 個目前無法檢查）',
	'journal.error.unreadable': '無法讀取修正紀錄 {file}（{reason}）。',
	'journal.error.corrupt': '修正紀錄 {file} 已損壞（{reason}）。它保持原樣未動。要開始一份新的，請把它移開：mv "{file}" "{file}.damaged"（它記錄的修正之後就無法再用 kubectl harden 復原）。',
	'journal.error.write': '無法寫入修正紀錄 {file}（{reason}）。',
	'journal.error.locked': '修正紀錄 {file} 被另一個 kubectl harden 鎖住，已超過 15 秒；請等它結束後再試。',
	'journal.interruptedWhy': '寫入它的程序在完成之前就被停止了',
	'undo.error.nothing': '{server} 上沒有可復原的已套用修正。請參閱 kubectl harden journal。',
	'undo.error.noEntry': '這個叢集沒有修正紀錄第「{entry}」筆。請參閱 kubectl harden journal。',
	'undo.error.notApplied': '修正紀錄第 {entry} 筆的狀態是 {status}：叢集中沒有留下任何可復原的部分。',
	'undo.error.busy': '修正紀錄第 {entry} 筆正由另一個 kubectl harden 寫入（程序 {pid}）；請等它結束。',
	'undo.print.interrupted': '復原在下一個變更之前被 {signal} 停止；第 {id} 筆還有 {left} 個變更留在叢集中。執行 kubectl harden undo {id} 完成復原。',
	'undo.print.refused': '未復原：這些物件在修正之後被變更過，復原會覆蓋那些變更：',
	'undo.print.force': '沒有做任何變更。若仍要復原，請加上 --force 再執行一次。',
	'undo.print.restored': '已還原 {object}',
	'undo.print.failed': '無法還原 {failure}',
	'undo.print.done': '已復原：修正紀錄第 {id} 筆。',
	'undo.print.partly': '修正紀錄第 {id} 筆只復原了一部分：見上方。',
	'cli.error.noNamespace': '名字空間「{namespace}」（-n）在 {server} 上不存在；沒有進行任何探測。kubectl get namespaces 會列出存在的名字空間。',
	'cli.error.badOption': '--option 接受 key=value，而不是「{value}」。',
	'cli.error.fixNeedsCheck': '請指定要修正的檢查：kubectl harden fix <check-id>。有修正的檢查：{checks}。',
	'cli.error.unknownCheck': '沒有「{id}」這項檢查。檢查：{checks}。',
	'cli.error.noAutomaticFix': '檢查「{id}」沒有自動修正。手動處理方式：{manual}',
	'cli.error.badFailOn': '--fail-on 接受「warn」或「fail」，而不是「{value}」。',
	'cli.error.badSection': '--section 接受指南的章節，例如 3 或 3.2，而不是「{value}」（有檢查的章節：{sections}）。',
	'cli.error.subcommandArgs': '{command} 之後有未預期的參數「{arg}」。請參閱 kubectl harden --help。',
	'cli.error.flagNotHere': '{flag} 只適用於 {where}。請參閱 kubectl harden --help。',
	'cli.error.writeNeedsFile': '請指定要寫出的檔案：kubectl harden write <file> <path>。檔案：{files}。',
	'cli.error.unknownFile': '沒有可寫出的檔案「{id}」。檔案：{files}。',
	'cli.error.writeNeedsPath': '請指定要寫到哪裡：kubectl harden write {file} ./{name}',
	'files.error.noDirectory': '目錄 {directory} 不存在；沒有寫入任何東西。',
	'files.error.exists': '{path} 已經存在；沒有寫入任何東西。請選擇其他路徑，或傳入 --force 取代它。',
	'files.error.write': '無法寫入 {path}（{reason}）；沒有寫入任何東西。',
	'files.written.audit-policy': '已把審計策略寫入 {path}。把它複製到每個控制平面節點，並設定檔案開頭列出的 kube-apiserver 參數。',
	'files.written.encryption-config': '已把帶有新金鑰的 EncryptionConfiguration 寫入 {path}（權限 0600：其中含有金鑰）。把它複製到每個控制平面節點，設定 --encryption-provider-config，重新啟動 API 伺服器，然後執行 kubectl harden reencrypt。',
	'files.note.noCustomResources': '無法列出自訂資源（{error}）；這個檔案只涵蓋 Secret 和 ConfigMap。',
	'reencrypt.notEnabled': '尚未確認靜態加密已開啟（encryption-at-rest：{status}）。{reason} 現在重寫只會照今天的方式儲存 Secret；沒有做任何變更。',
	'reencrypt.forceUnknown': '如果你確定 API 伺服器是以 --encryption-provider-config 執行的，請加上 --force 再執行一次。',
	'reencrypt.previewOnly': '沒有做任何變更。要重寫它們，請加上 --yes 再執行同一個命令；中斷後會從停下的地方接續。',

	// Engine and fix pipeline
	'access.permission.namespaced': '在名字空間「{namespace}」中 {verb} {resource}',
	'access.permission.cluster': '{verb} {resource}（整個叢集）',
	'engine.unknown.noReason': '這項檢查無法判定，也沒有給出原因（這是程式錯誤：請回報）。',
	'engine.unknown.internal': '這項檢查因內部錯誤而中止：{message}',
	'engine.fix.nothingToFix': '沒有需要修正的。',
	'engine.fix.forbidden': '不提供：你不可以 {missing}。',
	'fix.error.noFix': '檢查「{check}」沒有自動修正；它的手動步驟說明了要做什麼。',
	'fix.error.notReady': '這項修正沒有通過權限檢查和試執行，所以無法套用。',
	'fix.error.appeared': '{object} 在修正規劃之後被其他人建立了；這項修正沒有任何部分仍在套用中。請重新執行修正以重新規劃。',
	'fix.error.vanished': '{object} 已經不存在。',
	'fix.error.changedSincePlan': '{object} 在修正規劃之後被變更了，所以沒有覆寫它；這項修正沒有任何部分仍在套用中。請重新執行修正以重新規劃。',
	'fix.error.notTargets': '--target {targets}：不是 {check} 的發現項目（那裡沒有需要修正的，或沒有這個物件）。它能修正的發現項目：{valid}。',
	'fix.error.interrupted': '被 {by} 停止',
	'fix.error.secretPatch': '{object} 是 Secret：修正只能變更它的中繼資料。',
	'fix.error.notRestorable': '{object} 原本是 Secret；它的資料從不被記錄，所以無法放回去。',
	'undo.drift.gone': '它已經不存在',
	'undo.drift.replaced': '它被其他人刪除後又重新建立了',
	'undo.drift.modified': '修正之後有人變更了它',
	'undo.drift.fieldsChanged': '修正所設定的欄位之後被變更了',
	'undo.drift.recreated': '又有同名的物件存在了',

	// Sandbox and test cluster
	'cluster.starting': '正在迴路位址上啟動用完即丟的 Kubernetes API 伺服器和 etcd……',
	'cluster.building': '正在從 Go 模組建置 kube-apiserver 和 etcd（這台機器第一次執行：需要幾分鐘）……',
	'cluster.ready': '叢集在 {seconds} 秒內就緒：{server}',
	'cluster.state': '叢集狀態（停止時移除）：{dir}',
	'cluster.stopped': '叢集已停止，狀態已移除。',
	'cluster.notRunning': '沒有由 cluster:up 啟動的叢集在執行。',
	'cluster.error.start': '測試叢集沒有啟動：{reason}',
	'sandbox.seeding': '正在為沙盒放入粗心的叢集會有的東西……',
	'sandbox.ready': '沙盒已就緒。管理員 kubeconfig：{kubeconfig}',
	'sandbox.stopping': '正在停止沙盒……',
});

export const zhTW: Record<MessageId, string> = {...areas, ...own};
