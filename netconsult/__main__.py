from netconsult.cli import main

main()
