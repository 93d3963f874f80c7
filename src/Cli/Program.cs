using Tpsim.Cli;

return TpsimApp.Run(args);
