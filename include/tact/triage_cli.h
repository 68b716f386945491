/*
 * triage_cli: the command-line faces of triage.
 *
 *   tact-host classify [--profile P.json] [--json] FILE.json|-
 *       classifies the invitations in FILE with the data folder in effect
 *       (TACT_HOME or the XDG folders) and prints a table or JSON. --profile
 *       uses that profile for this run without storing it.
 *   tact-host eval [--json] DIR
 *       scores the labelled data in DIR (profiles/, cases.jsonl, replay/) in
 *       private temporary folders and prints the confusion matrix, per-bucket
 *       precision and recall, Suspicious precision with its Wilson bound,
 *       scam recall, calibration error and the replay learning curve.
 *
 * Both return an enum tact_exit value.
 */
#ifndef TACT_TRIAGE_CLI_H
#define TACT_TRIAGE_CLI_H

#include "tact/config.h"
#include "tact/paths.h"

int tact_triage_cli_classify(int argc, char **argv, const struct tact_paths *paths,
			     const struct tact_config *config);
int tact_triage_cli_eval(int argc, char **argv, const struct tact_config *config);

#endif
