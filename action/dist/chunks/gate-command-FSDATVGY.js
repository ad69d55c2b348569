import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{b as t,c as a}from"./chunk-KAO5GB2L.js";import"./chunk-LZUO54HA.js";function r(e){return new t("serve").description("answer the gate decision as JSON over HTTP, for an Argo Rollouts `web` metric").option("--port <n>","port to listen on","8080").option("--host <address>","address to listen on","0.0.0.0").addHelpText("after",`
Also takes gate's --config (required), --prometheus and --window (the default window; a request may pass
?window= and ?canaryWeight=). Each GET / (or /decision) evaluates the gate and answers
{"decision": "promote|rollback|continue", ...}; when no decision can be made (Prometheus down, no samples) it
answers HTTP 503 {"decision": "error", ...}. GET /healthz answers without querying Prometheus.

Examples:
  npx evohub gate serve --config gate.yaml --port 8080
  curl -s 'localhost:8080/decision?window=15m&canaryWeight=10'`).action(async(n,o)=>{let{serveGate:i}=await import("./serve-command-XZT7PBGY.js");await i(e,o.optsWithGlobals())})}var c={name:"gate",summary:"decide promote / rollback / continue for a canary from outcome metrics in Prometheus",create(e){return new t("gate").description("Canary gate: read stable and canary outcome counters from Prometheus, check the sample ratio, run a sequential test on the primary metric and non-inferiority checks on guardrails, and decide promote / rollback / continue. The exit status is the decision (for an Argo Rollouts `job` metric).").option("-c, --config <file>","gate configuration (YAML, schemas/gate-config.schema.json; required)").option("--prometheus <url>","Prometheus base URL (overrides `prometheus:` in the config)").option("--window <duration>","how far back outcomes count, e.g. 30m (overrides `window:`)").option("--canary-weight <percent>","the canary's share of traffic in the window, e.g. 10 (overrides the variants' weights)").addOption(new a("--on-continue <pass|fail>","exit status when the answer is continue: pass = 0, fail = 1").choices(["pass","fail"]).default("fail")).option("--json","print the result as JSON").addHelpText("after",`
Exit status: 0 promote; 1 rollback; continue: 0 with --on-continue pass (an intermediate canary step), 1 with
--on-continue fail (the default: the last check before full traffic must promote). Errors exit non-zero.

Examples:
  npx evohub gate --config gate.yaml --prometheus http://localhost:9090
  npx evohub gate --config gate.yaml --window 15m --canary-weight 10 --on-continue pass --json
  npx evohub gate serve --config gate.yaml --port 8080`).addCommand(r(e)).action(async n=>{let{runGate:o}=await import("./run-gate-CSGYYR5L.js");await o(e,n)})}};export{c as gateCommand};
