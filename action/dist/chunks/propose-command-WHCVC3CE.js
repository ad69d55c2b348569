import { createRequire as __evohubCreateRequire } from 'node:module';
const require = __evohubCreateRequire(import.meta.url);
import{a as o}from"./chunk-EOO5R67T.js";import{b as e}from"./chunk-KAO5GB2L.js";import"./chunk-LZUO54HA.js";var p={name:"propose",summary:"open (or update) a pull request with an evolve run's winner and its evidence",create:t=>new e("propose").description("Push the branch an `evohub evolve` run committed and open a pull request whose body shows baseline vs winner per objective with 95% CIs on the held-out split, the Pareto front, the lineage, evaluations and cost, and the command that reproduces the run. Running it again updates the same pull request. Labels and reviewers come from evohub.yaml `github:`. With no token (or --forge local) the proposal is recorded under .evohub/proposals/ instead.").argument("<run-id>","the run id `evohub evolve` printed").option("--repo <owner/name>","GitHub repository (default GITHUB_REPOSITORY, else the origin remote)").option("--remote <url>","https URL to push to (default the origin remote, else <GITHUB_SERVER_URL>/<repo>.git)").option("--forge <kind>","github | local (default github when the token variable is set and a repository is known)").option("--base <branch>","branch the pull request targets (default evohub.yaml github.baseBranch)").option("--token-env <name>","variable holding the GitHub token (default GITHUB_TOKEN)").option("--force","overwrite the remote branch when it moved (the push is not a fast-forward)").option("--json","print the result (action, number, url, branch, evidence) as JSON").option("--candidate <hash>","propose another evaluated candidate of the run (e.g. a Pareto-front member) instead of its winner: its content hash or a unique prefix of 7+ characters; it is committed on evohub/<name>/candidate-<hash> from HEAD").option("--results-url <url>",o).addHelpText("after",`
The token is read from its variable (never a flag) and used only for the API and the push; GITHUB_API_URL
selects GitHub Enterprise (e.g. https://ghe.example.com/api/v3).

Exit codes: 0 opened or updated; 1 the run cannot be proposed (its winner was not accepted) or an error
(bad token, rejected push); 2 bad flags.

Examples:
  npx evohub propose 20261126T132324-a8d836d5
  GITHUB_TOKEN=... npx evohub propose 20261126T132324-a8d836d5 --repo acme/prompts
  npx evohub propose 20261126T132324-a8d836d5 --forge local --json
  npx evohub propose 20261126T132324-a8d836d5 --candidate 3f9c2a17e0b4 --forge local`).action(async(n,r)=>{let{runPropose:a}=await import("./run-propose-V7ATR66R.js");await a(t,n,r)})};export{p as proposeCommand};
