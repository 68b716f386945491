'use strict';
// Debian's Chromium with the real extension loaded and tact-host registered
// in the profile's NativeMessagingHosts: new headless mode, no network
// services, HOME and TACT_HOME pointed at a temporary folder. Shared by the
// end-to-end tests and bench/extension.js.

const fs = require('node:fs');
const path = require('node:path');
const {execFileSync} = require('node:child_process');
const puppeteer = require('puppeteer-core');

const ROOT = path.resolve(__dirname, '..', '..');
const EXTENSION = path.join(ROOT, 'extension');

// `register: false` leaves the host unregistered; `editManifest(m)` changes
// the registered manifest before the browser starts (a moved program...).
async function launchChromium({host, profile, home, register = true, editManifest = null})
{
	const env = {...process.env, HOME : home, TACT_HOME : home};
	if (register)
		execFileSync(host, [ 'install', '--user-data-dir', profile, '--host-path', host ], {env});
	if (register && editManifest) {
		const file = path.join(profile, 'NativeMessagingHosts', 'org.tact.host.json');
		fs.writeFileSync(file, JSON.stringify(editManifest(JSON.parse(fs.readFileSync(file, 'utf8')))));
	}
	return puppeteer.launch({
		executablePath : process.env.CHROMIUM_BIN || '/usr/bin/chromium',
		headless : true,
		pipe : true,
		userDataDir : profile,
		enableExtensions : [ EXTENSION ],
		args : [
			'--no-sandbox', '--disable-gpu', '--no-first-run',
			'--disable-background-networking', '--disable-component-update',
			'--disable-sync', '--disable-quic'
		],
		env,
	});
}

module.exports = {
	launchChromium,
	EXTENSION
};
