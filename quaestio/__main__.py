from quaestio.cli import main

main()
