from evidencecheck.cli import main

raise SystemExit(main())
