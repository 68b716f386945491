'use strict';
// Debian's Chromium with the real extension loaded and tact-host registered
// in the profile's NativeMessagingHosts: new headless mode, no network
// services, HOME and TACT_HOME pointed at a temporary folder. Shared by the
// end-to-end tests and bench/extension.js.

const path = require('node:path');
const {execFileSync} = require('node:child_process');
const puppeteer = require('puppeteer-core');

const ROOT = path.resolve(__dirname, '..', '..');
const EXTENSION = path.join(ROOT, 'extension');

async function launchChromium({host, profile, home})
{
	const env = {...process.env, HOME : home, TACT_HOME : home};
	execFileSync(host, [ 'install', '--user-data-dir', profile, '--host-path', host ], {env});
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
