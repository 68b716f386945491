#include "tact/cli.h"

int main(int argc, char **argv)
{
	return tact_cli_main(argc, argv);
}
