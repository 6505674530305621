from auditlint.cli import main

main()
