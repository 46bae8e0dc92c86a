// The account creation request page (/creation_token/check/<token>): one button confirms that the request came
// from the person at the app; its script (public/js/creation-token.js) posts the confirmation. The instance's name,
// introduction and copyright frame it.
import { footerHtml, introHtml, pageTitle, type InstanceTexts } from "./instance-texts.ts";

export function renderCreationTokenPage(t: InstanceTexts): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${pageTitle(t, "Confirm your account request")}</title>
<link rel="icon" href="/favicon.ico">
<link rel="stylesheet" href="/css/style.css">
<script src="/js/creation-token.js" defer></script>
</head>
<body>
<main class="creation-token">
<h1>Create your SIP account</h1>
${introHtml(t)}
<p>An app on your phone or computer asked to create a SIP account on this server. Confirm that it was you, then go back to the app: it continues by itself.</p>
<form id="confirm">
<button type="submit">Yes, it was me: continue</button>
</form>
<p id="result" role="status" hidden></p>
</main>
${footerHtml(t)}
</body>
</html>
`;
}
