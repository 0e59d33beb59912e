// Checks public pages of a running site: the Nu HTML Checker (vnu.jar, Java 17) for validity,
// then axe-core in headless Debian Chromium for WCAG 2.1 A/AA, and that no page scrolls sideways at
// a laptop's or a phone's width. Exits non-zero on any finding.
// Usage: node check.mjs http://127.0.0.1:8041 /path/ /other/path/ ...
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const [base, ...paths] = process.argv.slice(2);
const urls = paths.map((path) => new URL(path, base).href);
let failures = 0;

// vnu refuses to fetch from local addresses, so it checks saved copies of the pages.
const saved = mkdtempSync(join(tmpdir(), "check-html-"));
const files = [];
for (const [index, url] of urls.entries()) {
  const file = join(saved, `${String(index).padStart(2, "0")}-${new URL(url).pathname.replace(/\W+/g, "_")}.html`);
  writeFileSync(file, await (await fetch(url)).text());
  files.push(file);
}
const vnu = require.resolve("vnu-jar/build/dist/vnu.jar");
try {
  execFileSync("java", ["-jar", vnu, "--errors-only", "--format", "gnu", ...files], {
    stdio: ["ignore", "inherit", "pipe"],
  });
  console.log(`vnu: ${urls.length} pages valid`);
} catch (error) {
  failures += 1;
  process.stderr.write(error.stderr?.toString() ?? String(error));
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
try {
  const page = await browser.newPage();
  // The site's Content-Security-Policy rightly refuses injected scripts; the checker's own
  // axe-core is the one exception, so the page is told to let it in.
  await page.setBypassCSP(true);
  for (const width of [1280, 360]) {
    await page.setViewport({ width, height: 900 });
    for (const url of urls) {
      const response = await page.goto(url, { waitUntil: "load" });
      await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
      const result = await page.evaluate(() =>
        window.axe.run(document, {
          runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        }),
      );
      const layout = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      if (layout.scrollWidth > layout.clientWidth) {
        failures += 1;
        console.error(`layout ${width}px ${url}: scrolls sideways (${layout.scrollWidth}px wide in ${layout.clientWidth}px)`);
      }
      for (const violation of result.violations) {
        failures += 1;
        const targets = violation.nodes.map((node) => node.target.join(" ")).slice(0, 5);
        console.error(`axe ${width}px ${url}: ${violation.id} (${violation.impact}) ${violation.help} → ${targets.join(", ")}`);
      }
      console.log(`axe ${width}px ${response.status()} ${url}: ${result.violations.length} violations`);
    }
  }
} finally {
  await browser.close();
}
process.exit(failures ? 1 : 0);
