/**
 * The command line: one binary, one subcommand per way to run the product.
 */
import { Command } from 'commander';
import { emulatorCommand } from './cli/emulator-command.ts';
import { sandboxCommand } from './cli/sandbox-command.ts';
import { serveCommand } from './cli/serve-command.ts';
import { startCommand } from './cli/start-command.ts';

const program = new Command('wxc-callcontrol')
  .description('Control Webex Calling calls from a Webex chat')
  .showHelpAfterError();

// Subcommands register themselves here as they are added.
program.addCommand(emulatorCommand());
program.addCommand(sandboxCommand());
program.addCommand(serveCommand());
program.addCommand(startCommand());

await program.parseAsync(process.argv);
