package images

// The image profiles. Every fact names where it was read, as
// "owner/repo@commit path:lines (what the lines say)": the image's own
// Dockerfile or entrypoint script, or the vendor's documentation. A fact
// left out is unknown. To add an image, read its Dockerfile and
// entrypoint, add a Profile per tag family, and run the package tests:
// they check that every known fact names a source.

// The repositories read, at the commit read.
const (
	pgRepo        = "docker-library/postgres@6edb0a8c4d "
	redis7Repo    = "docker-library/redis@e92049967d "
	redis8Repo    = "redis/docker-library-redis@32bca5d4a7 "
	redis8Entry   = "redis/docker-library-redis@0d55be9aa6 debian/docker-entrypoint.sh"
	valkeyRepo    = "valkey-io/valkey-container@ae6141ea5d "
	mysqlRepo     = "docker-library/mysql@7f30fdb073 "
	mariadbRepo   = "MariaDB/mariadb-docker@1b6429ba35 "
	mongoRepo     = "docker-library/mongo@2c69a57b93 "
	memcachedRepo = "docker-library/memcached@53ac0ecb0b "
	rabbitRepo    = "docker-library/rabbitmq@9193c1de6d "
	esRepo        = "elastic/dockerfiles@v9.2.4 "
	osRepo        = "opensearch-project/opensearch-build@4372bf71a2 "
	nginxRepo     = "nginxinc/docker-nginx@b430becb8f "
	unprivRepo    = "nginxinc/docker-nginx-unprivileged@8ead5cede3 "
	httpdRepo     = "docker-library/httpd@9b63b37c9b "
	caddyRepo     = "caddyserver/caddy-docker@62d1326421 "
	traefikRepo   = "traefik/traefik-library-image@697393828f "
	haproxyRepo   = "docker-library/haproxy@ec437dd2a3 "
	nodeRepo      = "nodejs/docker-node@f27d936f7d "
	pythonRepo    = "docker-library/python@4f07059567 "
	golangRepo    = "docker-library/golang@7c8c182bfc "
	temurinRepo   = "adoptium/containers@d8d18d67a3 "
	phpRepo       = "docker-library/php@445bf414f1 "
	rubyRepo      = "docker-library/ruby@d55e25ae70 "
	alpineRepo    = "alpinelinux/docker-alpine@7d63673353 "
	busyboxRepo   = "docker-library/busybox@9c20878114 "
	debianRepo    = "debuerreotype/docker-debian-artifacts@f5527c9b02 "
	ubuntuRepo    = "docker-library/official-images@37079fb336 "
	grafanaRepo   = "grafana/grafana@78515af65f "
	promRepo      = "prometheus/prometheus@d15adb9ad7 "
	minioRepo     = "minio/minio@7aac2a2c5b "
	wpRepo        = "docker-library/wordpress@bf223d1c20 "
	bpdRepo       = "docker-library/buildpack-deps@8330ca1d23 "
	docsRepo      = "docker-library/docs@c4a9ba4144 "
	nextcloudRepo = "nextcloud/docker@4de1eed65a "
	distroless    = "GoogleContainerTools/distroless@cd080764 "
)

// Facts shared by many profiles.
const (
	// The capability sets below follow from what the entrypoints run as
	// root before they switch user. `find DIR ! -user U -exec chown U`
	// needs CHOWN, and DAC_OVERRIDE to read the data directories that
	// the service itself created with mode 0700 or 0750 (root is only
	// "other" to them once cap_drop: [ALL] is set); find then fails,
	// and the script, running under set -e, stops. gosu, su-exec and
	// setpriv --reuid/--regid/--clear-groups need SETUID and SETGID.

	// BusyBox wget is part of every Alpine image: the official traefik
	// image fetches its release with wget after adding only
	// ca-certificates and tzdata to alpine.
	alpineWget = traefikRepo + "v3.6/alpine/Dockerfile:1-2,15 (FROM alpine; apk add ca-certificates tzdata; wget runs: BusyBox's)"
	// buildpack-deps, the base of the full node, python, ruby and golang
	// images, installs curl and wget.
	bpdTools = bpdRepo + "debian/bookworm/curl/Dockerfile:13,17 (installs curl and wget); debian/bookworm/scm/Dockerfile:7 and debian/bookworm/Dockerfile:7 build on it"
	// A root process that listens below port 1024 needs NET_BIND_SERVICE
	// once capabilities are dropped (Docker lets any process bind low
	// ports only through the net.ipv4.ip_unprivileged_port_start sysctl,
	// which the docker-library docs ask for explicitly).
	lowPortDocs = docsRepo + "haproxy/content.md:39-44 (binding port 80 without root needs --sysctl net.ipv4.ip_unprivileged_port_start=0)"
)

// Shorthands for the table.
func none(source string) Fact[[]string] { return known([]string{}, source) }
func list(source string, v ...string) Fact[[]string] {
	return known(v, source)
}
func account(name string, uid, gid int) Account { return Account{Name: name, UID: uid, GID: gid} }
func root(source string) Fact[Account]          { return known(Root, source) }
func noStepDown(source string) Fact[StepDown]   { return known(StepDown{}, source) }
func volumes(source string, paths ...string) Fact[[]Data] {
	var d []Data
	for _, p := range paths {
		d = append(d, Data{Path: p, Declared: true})
	}
	return known(d, source)
}

// table is every profile. Lookup takes the first that matches, so a
// family with a version bound comes before the same family without one.
var table = []Profile{
	// --- databases -------------------------------------------------------
	postgres(nil, "", "18", pgRepo+"17/trixie/Dockerfile", account("postgres", 999, 999), "11-13", "187", "/var/lib/postgresql/data", Debian, "7"),
	postgres(nil, "18", "", pgRepo+"18/trixie/Dockerfile", account("postgres", 999, 999), "11-13", "192", "/var/lib/postgresql", Debian, "7"),
	postgres([]string{"alpine"}, "", "18", pgRepo+"17/alpine3.23/Dockerfile", account("postgres", 70, 70), "12-13", "196", "/var/lib/postgresql/data", Alpine, "7"),
	postgres([]string{"alpine"}, "18", "", pgRepo+"18/alpine3.23/Dockerfile", account("postgres", 70, 70), "12-13", "205", "/var/lib/postgresql", Alpine, "7"),

	redis7(nil, redis7Repo+"7.2/debian/Dockerfile", account("redis", 999, 999), Debian),
	redis7([]string{"alpine"}, redis7Repo+"7.2/alpine/Dockerfile", account("redis", 999, 1000), Alpine),
	{
		Image: "redis", Since: "8", Name: "redis", Kind: Service,
		Distro:   known(Debian, redis8Repo+"debian/Dockerfile:1 (FROM debian:bookworm-slim)"),
		User:     root(redis8Repo + "debian/Dockerfile (no USER)"),
		StepDown: known(StepDown{By: "setpriv", To: "redis", Entrypoint: true}, redis8Entry+" (exec $SETPRIV --reuid redis --regid redis --clear-groups, when SETUID and SETGID are in the bounding set)"),
		StepDownCaps: list(redis8Entry+" (has_cap setuid/setgid before stepping down; fix_perms_and_owner runs chown redis and chmod u+rw on data files redis cannot use)",
			"CHOWN", "FOWNER", "SETGID", "SETUID"),
		ProcessCaps: none(redis8Repo + "debian/Dockerfile (EXPOSE 6379; redis-server runs as redis)"),
		Writable:    none(redis8Repo + "debian/Dockerfile (WORKDIR /data, VOLUME /data: redis-server writes its dumps in /data)"),
		Data:        volumes(redis8Repo+"debian/Dockerfile (VOLUME /data)", "/data"),
		Port:        known(6379, redis8Repo+"debian/Dockerfile (EXPOSE 6379)"),
		Health:      known("redis-cli ping", redis8Repo+"debian/Dockerfile (redis-cli --version: redis-cli is installed)"),
		NonRoot:     known(account("redis", 999, 999), redis8Repo+"debian/Dockerfile (groupadd -r -g 999 redis; useradd -r -g redis -u 999 redis); "+redis8Entry+" (the step-down is skipped when not started as uid 0)"),
	},
	// redis 8 on Alpine was not read.
	{Image: "redis", Variant: []string{"alpine"}, Since: "8", Name: "redis", Kind: Service},

	valkey(nil, valkeyRepo+"8.0/debian/Dockerfile", valkeyRepo+"8.0/debian/docker-entrypoint.sh", account("valkey", 999, 999), Debian, "11-12", "101"),
	valkey([]string{"alpine"}, valkeyRepo+"8.0/alpine/Dockerfile", valkeyRepo+"8.0/alpine/docker-entrypoint.sh", account("valkey", 999, 1000), Alpine, "12-13", ""),

	{
		Image: "mysql", Name: "mysql", Kind: Service,
		Distro:   known(RHEL, mysqlRepo+"8.4/Dockerfile.oracle:7 (FROM oraclelinux:9-slim)"),
		User:     root(mysqlRepo + "8.4/Dockerfile.oracle (no USER)"),
		StepDown: known(StepDown{By: "gosu", To: "mysql", Entrypoint: true}, mysqlRepo+"8.4/docker-entrypoint.sh:380 (exec gosu mysql)"),
		StepDownCaps: list(mysqlRepo+"8.4/docker-entrypoint.sh:2,210,380 (set -eo pipefail; find the data and socket directories ! -user mysql -exec chown; exec gosu mysql)",
			"CHOWN", "DAC_OVERRIDE", "SETGID", "SETUID"),
		ProcessCaps: none(mysqlRepo + "8.4/Dockerfile.oracle:122 (EXPOSE 3306 33060; mysqld runs as mysql)"),
		Writable: list(mysqlRepo+"8.4/Dockerfile.oracle:89-92 (/var/run/mysqld holds the socket and lock files); MySQL 8.4 Reference Manual B.3.3.5, https://dev.mysql.com/doc/refman/8.4/en/temporary-files.html (temporary files go to TMPDIR, else /tmp)",
			"/var/run/mysqld", "/tmp"),
		Data:    volumes(mysqlRepo+"8.4/Dockerfile.oracle:117 (VOLUME /var/lib/mysql)", "/var/lib/mysql"),
		Port:    known(3306, mysqlRepo+"8.4/Dockerfile.oracle:122 (EXPOSE 3306 33060)"),
		Health:  known("mysqladmin ping -h localhost", mysqlRepo+"8.4/docker-entrypoint.sh:132 (the entrypoint itself runs mysqladmin)"),
		NonRoot: known(account("mysql", 999, 999), mysqlRepo+"8.4/Dockerfile.oracle:10-11,92 (mysql is uid 999; /var/lib/mysql and /var/run/mysqld are mode 1777 \"regardless of the UID our mysqld instance ends up having\")"),
		FileEnv: known(FileEnv{Prefixes: []string{"MYSQL_"}}, mysqlRepo+"8.4/docker-entrypoint.sh:230-234,380 (file_env MYSQL_ROOT_HOST, MYSQL_DATABASE, MYSQL_USER, MYSQL_PASSWORD, MYSQL_ROOT_PASSWORD as root, before exec gosu mysql)"),
		Auth: known(Auth{Password: "MYSQL_ROOT_PASSWORD", Random: "MYSQL_RANDOM_ROOT_PASSWORD", AllowEmpty: []string{"MYSQL_ALLOW_EMPTY_PASSWORD"}, AppUser: "MYSQL_USER", AppPassword: "MYSQL_PASSWORD", InitOnly: true},
			mysqlRepo+"8.4/docker-entrypoint.sh:139-147 (one of MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD, MYSQL_RANDOM_ROOT_PASSWORD, each tested with -z: any non-empty value counts); :271-273 (MYSQL_RANDOM_ROOT_PASSWORD: openssl rand, GENERATED ROOT PASSWORD in the log); :315-317 (CREATE USER MYSQL_USER IDENTIFIED BY MYSQL_PASSWORD); :384 (only when there is no database)"),
	},
	{
		Image: "mariadb", Name: "mariadb", Kind: Service,
		Distro:   known(Ubuntu, mariadbRepo+"11.4/Dockerfile:2 (FROM ubuntu:noble)"),
		User:     root(mariadbRepo + "11.4/Dockerfile (no USER)"),
		StepDown: known(StepDown{By: "gosu", To: "mysql", Entrypoint: true}, mariadbRepo+"11.4/docker-entrypoint.sh:699 (exec gosu mysql)"),
		StepDownCaps: list(mariadbRepo+"11.4/docker-entrypoint.sh:2,210,213,699 (set -eo pipefail; find \"$DATADIR\" ! -user mysql -exec chown mysql:; the socket directory likewise; exec gosu mysql)",
			"CHOWN", "DAC_OVERRIDE", "SETGID", "SETUID"),
		ProcessCaps: none(mariadbRepo + "11.4/Dockerfile:143 (EXPOSE 3306; mariadbd runs as mysql)"),
		Writable: list(mariadbRepo+"11.4/Dockerfile:120-123 (/run/mysqld, mode 1777, holds the socket); MariaDB tmpdir system variable, https://mariadb.com/docs/reference/mdb/system-variables/tmpdir/ (default empty: the system's temporary directory, /tmp)",
			"/run/mysqld", "/tmp"),
		Data:    volumes(mariadbRepo+"11.4/Dockerfile:137 (VOLUME /var/lib/mysql)", "/var/lib/mysql"),
		Port:    known(3306, mariadbRepo+"11.4/Dockerfile:143 (EXPOSE 3306)"),
		Health:  known("healthcheck.sh --connect --innodb_initialized", mariadbRepo+"11.4/Dockerfile:139 (COPY healthcheck.sh /usr/local/bin/); 11.4/healthcheck.sh:20-22 (connect and innodb_initialized tests)"),
		NonRoot: known(account("mysql", -1, -1), mariadbRepo+"11.4/Dockerfile:5 (groupadd -r mysql && useradd -r -g mysql mysql, no fixed uid)"),
		FileEnv: known(FileEnv{Prefixes: []string{"MARIADB_", "MYSQL_"}}, mariadbRepo+"11.4/docker-entrypoint.sh:44-52,269-284,699 (_mariadb_file_env reads MYSQL_x_FILE and MARIADB_x_FILE; file_env of the MARIADB_ variables, as root, before exec gosu mysql)"),
		Auth: known(Auth{Password: "MARIADB_ROOT_PASSWORD", Random: "MARIADB_RANDOM_ROOT_PASSWORD", AllowEmpty: []string{"MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD"}, AppUser: "MARIADB_USER", AppPassword: "MARIADB_PASSWORD", InitOnly: true},
			mariadbRepo+"11.4/docker-entrypoint.sh:168-169 (one of MARIADB_ROOT_PASSWORD, _HASH, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD, MARIADB_RANDOM_ROOT_PASSWORD, each tested with -z); :287-290 (the MYSQL_ names stand for them); :379-382 (a generated root password, in the log); :445-453 (CREATE USER MARIADB_USER); :703 (only when there is no database)"),
	},
	{
		Image: "mongo", Since: "6", Name: "mongo", Kind: Service,
		Distro:   known(Ubuntu, mongoRepo+"8.0/Dockerfile:7 (FROM ubuntu:noble)"),
		User:     root(mongoRepo + "8.0/Dockerfile (no USER)"),
		StepDown: known(StepDown{By: "gosu", To: "mongodb", Entrypoint: true}, mongoRepo+"8.0/docker-entrypoint.sh:22 (exec gosu mongodb)"),
		StepDownCaps: list(mongoRepo+"8.0/docker-entrypoint.sh:2,14,22 (set -Eeuo pipefail; find -L /data/configdb /data/db ! -user mongodb -exec chown mongodb; exec gosu mongodb)",
			"CHOWN", "DAC_OVERRIDE", "SETGID", "SETUID"),
		ProcessCaps: none(mongoRepo + "8.0/Dockerfile:124 (EXPOSE 27017; mongod runs as mongodb)"),
		Writable:    list(mongoRepo+"8.0/docker-entrypoint.sh:177-179 (TMPDIR defaults to /tmp for the entrypoint's generated configuration and temporary mongod)", "/tmp"),
		Data:        volumes(mongoRepo+"8.0/Dockerfile:111 (VOLUME /data/db /data/configdb)", "/data/db", "/data/configdb"),
		Port:        known(27017, mongoRepo+"8.0/Dockerfile:124 (EXPOSE 27017)"),
		Health:      known(`mongosh --quiet --eval "db.adminCommand('ping')"`, mongoRepo+"8.0/Dockerfile:102 (installs the -shell package); 8.0/docker-entrypoint.sh:253 (mongoShell='mongosh')"),
		NonRoot:     known(account("mongodb", 999, 999), mongoRepo+"8.0/Dockerfile:11-12 (groupadd --gid 999 mongodb; useradd --uid 999); 8.0/docker-entrypoint.sh:10 (\"allow the container to be started with --user\")"),
		FileEnv:     known(FileEnv{Prefixes: []string{"MONGO_INITDB_"}, Reader: "mongodb (uid 999)"}, mongoRepo+"8.0/docker-entrypoint.sh:22,248-249 (exec gosu mongodb comes first; file_env MONGO_INITDB_ROOT_USERNAME and _PASSWORD after, as mongodb); 8.0/Dockerfile:11-12 (uid 999)"),
	},
	memcached(nil, memcachedRepo+"1/debian/Dockerfile", Debian, "11-12", "98", "99", Fact[[]string]{}),
	memcached([]string{"alpine"}, memcachedRepo+"1/alpine/Dockerfile", Alpine, "11-12", "87", "88", list(alpineWget, "wget")),
	rabbitmq(nil, rabbitRepo+"4.1/ubuntu/Dockerfile", rabbitRepo+"4.1/ubuntu/docker-entrypoint.sh", Ubuntu, "gosu", account("rabbitmq", 999, 999), "228-229", "310", "325"),
	rabbitmq([]string{"alpine"}, rabbitRepo+"4.1/alpine/Dockerfile", rabbitRepo+"4.1/alpine/docker-entrypoint.sh", Alpine, "su-exec", account("rabbitmq", 100, 101), "238-239", "316", "331"),
	{
		Image: "elasticsearch", Since: "9", Name: "elasticsearch", Kind: Service,
		Distro:       known(RHEL, esRepo+"elasticsearch/Dockerfile:67 (FROM redhat/ubi9-minimal)"),
		User:         known(account("elasticsearch", 1000, 0), esRepo+"elasticsearch/Dockerfile:73-74,138 (elasticsearch is uid 1000; USER 1000:0)"),
		StepDown:     noStepDown(esRepo + "elasticsearch/Dockerfile:134,138 (tini runs docker-entrypoint.sh as uid 1000)"),
		StepDownCaps: none(esRepo + "elasticsearch/Dockerfile:138 (USER 1000:0: no root entrypoint)"),
		ProcessCaps:  none(esRepo + "elasticsearch/Dockerfile:100,138 (EXPOSE 9200 9300 as uid 1000)"),
		Port:         known(9200, esRepo+"elasticsearch/Dockerfile:100 (EXPOSE 9200 9300)"),
		NonRoot:      known(account("elasticsearch", 1000, 0), esRepo+"elasticsearch/Dockerfile:138 (USER 1000:0)"),
	},
	{
		Image: "opensearchproject/opensearch", Name: "opensearch", Kind: Service,
		Distro:       known(RHEL, osRepo+"docker/release/dockerfiles/opensearch.al2023.dockerfile:58 (FROM amazonlinux:2023)"),
		User:         known(account("opensearch", 1000, 1000), osRepo+"docker/release/dockerfiles/opensearch.al2023.dockerfile:60-61,70,89 (ARG UID=1000 GID=1000; groupadd opensearch; USER $UID)"),
		StepDown:     noStepDown(osRepo + "docker/release/dockerfiles/opensearch.al2023.dockerfile:89,118 (USER $UID; ENTRYPOINT opensearch-docker-entrypoint.sh)"),
		StepDownCaps: none(osRepo + "docker/release/dockerfiles/opensearch.al2023.dockerfile:89 (USER $UID: no root entrypoint)"),
		ProcessCaps:  none(osRepo + "docker/release/dockerfiles/opensearch.al2023.dockerfile:89,99 (EXPOSE 9200 9300 9600 9650 as uid 1000)"),
		Port:         known(9200, osRepo+"docker/release/dockerfiles/opensearch.al2023.dockerfile:99 (EXPOSE 9200 9300 9600 9650)"),
		NonRoot:      known(account("opensearch", 1000, 1000), osRepo+"docker/release/dockerfiles/opensearch.al2023.dockerfile:89 (USER $UID)"),
	},

	// --- web servers and proxies ------------------------------------------
	nginx(nil, nginxRepo+"mainline/debian/Dockerfile", Debian, "6", "18-19", "139", "141", list(nginxRepo+"mainline/debian/Dockerfile:117-121 (apt-get install curl, kept)", "curl")),
	nginx([]string{"alpine", "slim"}, nginxRepo+"mainline/alpine-slim/Dockerfile", Alpine, "6", "16-17", "117", "119", list(alpineWget, "wget")),
	nginx([]string{"alpine"}, nginxRepo+"mainline/alpine/Dockerfile", Alpine, "6", "", "", "", list(nginxRepo+"mainline/alpine/Dockerfile:79 (apk add curl); "+alpineWget, "curl", "wget")),
	unprivileged(nil, unprivRepo+"mainline/debian/Dockerfile", Debian, "17-23", "139-142", "156", "160", list(unprivRepo+"mainline/debian/Dockerfile:124 (apt-get install curl, kept)", "curl")),
	unprivileged([]string{"alpine", "slim"}, unprivRepo+"mainline/alpine-slim/Dockerfile", Alpine, "15-21", "117-120", "134", "138", list(alpineWget, "wget")),
	unprivileged([]string{"alpine"}, unprivRepo+"mainline/alpine/Dockerfile", Alpine, "", "", "", "", list(unprivRepo+"mainline/alpine/Dockerfile:85 (apk add curl); "+alpineWget, "curl", "wget")),
	httpd(nil, httpdRepo+"2.4/Dockerfile", Debian, "1", "203-204", "233", account("www-data", 33, 33), Fact[[]string]{}),
	httpd([]string{"alpine"}, httpdRepo+"2.4/alpine/Dockerfile", Alpine, "1", "208-209", "233", account("www-data", 82, 82), list(alpineWget, "wget")),
	{
		Image: "caddy", Name: "caddy", Kind: Service,
		Distro:       known(Alpine, caddyRepo+"2.11/alpine/Dockerfile:1 (FROM alpine:3.23)"),
		User:         root(caddyRepo + "2.11/alpine/Dockerfile (no USER)"),
		StepDown:     noStepDown(caddyRepo + "2.11/alpine/Dockerfile:63 (CMD caddy run, no entrypoint script)"),
		StepDownCaps: none(caddyRepo + "2.11/alpine/Dockerfile:63 (no entrypoint script)"),
		// The binary carries a file capability: exec fails when it is not
		// in the bounding set.
		ProcessCaps: list(caddyRepo+"2.11/alpine/Dockerfile:39,56-57 (setcap cap_net_bind_service=+ep /usr/bin/caddy; EXPOSE 80, 443)", "NET_BIND_SERVICE"),
		Data: known([]Data{{Path: "/data"}, {Path: "/config"}},
			caddyRepo+"2.11/alpine/Dockerfile:44-45 (XDG_CONFIG_HOME=/config, XDG_DATA_HOME=/data: certificates and autosaved configuration; no VOLUME)"),
		Port:  known(80, caddyRepo+"2.11/alpine/Dockerfile:56 (EXPOSE 80)"),
		Tools: list(caddyRepo+"2.11/alpine/Dockerfile:17 (runs wget: BusyBox's)", "wget"),
	},
	{
		Image: "traefik", Name: "traefik", Kind: Service,
		Distro:       known(Alpine, traefikRepo+"v3.6/alpine/Dockerfile:1 (FROM alpine:3.24)"),
		User:         root(traefikRepo + "v3.6/alpine/Dockerfile (no USER)"),
		StepDown:     noStepDown(traefikRepo + "tmpl/alpine/entrypoint.sh (execs traefik as it is)"),
		StepDownCaps: none(traefikRepo + "tmpl/alpine/entrypoint.sh (execs traefik as it is)"),
		ProcessCaps:  list(traefikRepo+"v3.6/alpine/Dockerfile:20 (EXPOSE 80, as root); "+lowPortDocs, "NET_BIND_SERVICE"),
		Port:         known(80, traefikRepo+"v3.6/alpine/Dockerfile:20 (EXPOSE 80)"),
		Tools:        list(alpineWget, "wget"),
	},
	haproxy(nil, haproxyRepo+"3.2/Dockerfile", Debian, "7", "21-29", "110", Fact[[]string]{}),
	haproxy([]string{"alpine"}, haproxyRepo+"3.2/alpine/Dockerfile", Alpine, "7", "20-28", "103", list(alpineWget, "wget")),

	// --- language runtimes and toolchains -----------------------------------
	runtime("node", nil, nodeRepo+"22/bookworm/Dockerfile:1 (FROM buildpack-deps:bookworm)", Debian,
		list(bpdTools+"; "+nodeRepo+"22/bookworm/Dockerfile:77 (CMD node)", "curl", "wget", "node"),
		known(account("node", 1000, 1000), nodeRepo+"22/bookworm/Dockerfile:3-4 (groupadd --gid 1000 node; useradd --uid 1000 --gid node node)"),
		nodeRepo+"22/bookworm/docker-entrypoint.sh (execs the command as it is)"),
	runtime("node", []string{"slim"}, nodeRepo+"22/bookworm-slim/Dockerfile:1 (FROM debian:bookworm-slim)", Debian,
		list(nodeRepo+"22/bookworm-slim/Dockerfile:56,104 (the curl and wget installed for the download are purged; CMD node)", "node"),
		known(account("node", 1000, 1000), nodeRepo+"22/bookworm-slim/Dockerfile:3-4 (groupadd --gid 1000 node; useradd --uid 1000 --gid node node)"),
		nodeRepo+"22/bookworm-slim/docker-entrypoint.sh (execs the command as it is)"),
	runtime("node", []string{"alpine"}, nodeRepo+"22/alpine3.23/Dockerfile:1 (FROM alpine:3.23)", Alpine,
		list(alpineWget+"; "+nodeRepo+"22/alpine3.23/Dockerfile:111 (CMD node)", "wget", "node"),
		known(account("node", 1000, 1000), nodeRepo+"22/alpine3.23/Dockerfile:5-6 (addgroup -g 1000 node; adduser -u 1000 -G node node)"),
		nodeRepo+"22/alpine3.23/docker-entrypoint.sh (execs the command as it is)"),
	runtime("python", nil, pythonRepo+"3.13/bookworm/Dockerfile:7 (FROM buildpack-deps:bookworm)", Debian,
		list(bpdTools+"; "+pythonRepo+"3.13/bookworm/Dockerfile:117 (CMD python3)", "curl", "wget", "python3"),
		Fact[Account]{}, pythonRepo+"3.13/bookworm/Dockerfile (no ENTRYPOINT)"),
	runtime("python", []string{"slim"}, pythonRepo+"3.13/slim-bookworm/Dockerfile:7 (FROM debian:bookworm-slim)", Debian,
		list(pythonRepo+"3.13/slim-bookworm/Dockerfile:135,151 (the wget installed for the build is purged; CMD python3)", "python3"),
		Fact[Account]{}, pythonRepo+"3.13/slim-bookworm/Dockerfile (no ENTRYPOINT)"),
	runtime("python", []string{"alpine"}, pythonRepo+"3.13/alpine3.23/Dockerfile:7 (FROM alpine:3.23)", Alpine,
		list(alpineWget+"; "+pythonRepo+"3.13/alpine3.23/Dockerfile:144 (CMD python3)", "wget", "python3"),
		Fact[Account]{}, pythonRepo+"3.13/alpine3.23/Dockerfile (no ENTRYPOINT)"),
	runtime("ruby", nil, rubyRepo+"3.4/bookworm/Dockerfile:7 (FROM buildpack-deps:bookworm)", Debian,
		list(bpdTools, "curl", "wget"), Fact[Account]{}, rubyRepo+"3.4/bookworm/Dockerfile (no ENTRYPOINT)"),
	runtime("ruby", []string{"slim"}, rubyRepo+"3.4/slim-bookworm/Dockerfile:7 (FROM debian:bookworm-slim)", Debian,
		Fact[[]string]{}, Fact[Account]{}, rubyRepo+"3.4/slim-bookworm/Dockerfile (no ENTRYPOINT)"),
	runtime("ruby", []string{"alpine"}, rubyRepo+"3.4/alpine3.23/Dockerfile:7 (FROM alpine:3.23)", Alpine,
		list(alpineWget, "wget"), Fact[Account]{}, rubyRepo+"3.4/alpine3.23/Dockerfile (no ENTRYPOINT)"),
	runtime("eclipse-temurin", nil, temurinRepo+"21/jre/ubuntu/noble/Dockerfile:20 (FROM ubuntu:24.04)", Ubuntu,
		list(temurinRepo+"21/jre/ubuntu/noble/Dockerfile:32-33 (installs curl and wget)", "curl", "wget"),
		Fact[Account]{}, temurinRepo+"21/jre/ubuntu/noble/entrypoint.sh (changes only the CA certificates, when asked to, then execs the command)"),
	runtime("eclipse-temurin", []string{"alpine"}, temurinRepo+"21/jre/alpine/3.22/Dockerfile:20 (FROM alpine:3.22)", Alpine,
		list(alpineWget, "wget"), Fact[Account]{}, temurinRepo+"21/jre/alpine/3.22/entrypoint.sh (changes only the CA certificates, when asked to, then execs the command)"),
	runtime("eclipse-temurin", []string{"ubi", "minimal"}, temurinRepo+"21/jre/ubi/ubi9-minimal/Dockerfile:20 (FROM redhat/ubi9-minimal)", RHEL,
		list(temurinRepo+"21/jre/ubi/ubi9-minimal/Dockerfile:35 (microdnf install wget)", "wget"),
		Fact[Account]{}, temurinRepo+"21/jre/ubi/ubi9-minimal/entrypoint.sh (changes only the CA certificates, when asked to, then execs the command)"),
	runtime("php", nil, phpRepo+"8.4/bookworm/cli/Dockerfile:7 (FROM debian:bookworm-slim)", Debian,
		list(phpRepo+"8.4/bookworm/cli/Dockerfile:37 (installs curl as a runtime dependency)", "curl"),
		Fact[Account]{}, phpRepo+"8.4/bookworm/cli/docker-php-entrypoint (execs the command)"),
	runtime("php", []string{"alpine"}, phpRepo+"8.4/alpine3.24/cli/Dockerfile:7 (FROM alpine:3.24)", Alpine,
		list(phpRepo+"8.4/alpine3.24/cli/Dockerfile:25 (installs curl as a runtime dependency); "+alpineWget, "curl", "wget"),
		Fact[Account]{}, phpRepo+"8.4/alpine3.24/cli/docker-php-entrypoint (execs the command)"),
	phpFPM(nil, phpRepo+"8.4/bookworm/fpm/Dockerfile", Debian, "175-176", "277", list(phpRepo+"8.4/bookworm/fpm/Dockerfile:37 (installs curl as a runtime dependency)", "curl")),
	phpFPM([]string{"alpine"}, phpRepo+"8.4/alpine3.24/fpm/Dockerfile", Alpine, "163-164", "260", list(phpRepo+"8.4/alpine3.24/fpm/Dockerfile:25 (installs curl as a runtime dependency); "+alpineWget, "curl", "wget")),
	phpApache(),
	{
		Image: "golang", Name: "golang", Kind: Build,
		Distro:       known(Debian, golangRepo+"1.26/bookworm/Dockerfile:101 (FROM buildpack-deps:bookworm-scm)"),
		User:         root(golangRepo + "1.26/bookworm/Dockerfile (no USER)"),
		StepDown:     noStepDown(golangRepo + "1.26/bookworm/Dockerfile (no ENTRYPOINT)"),
		StepDownCaps: none(golangRepo + "1.26/bookworm/Dockerfile (no ENTRYPOINT)"),
		Tools:        list(bpdTools, "curl", "wget"),
	},
	{
		Image: "golang", Variant: []string{"alpine"}, Name: "golang", Kind: Build,
		Distro:       known(Alpine, golangRepo+"1.26/alpine3.24/Dockerfile:113 (FROM alpine:3.24)"),
		User:         root(golangRepo + "1.26/alpine3.24/Dockerfile (no USER)"),
		StepDown:     noStepDown(golangRepo + "1.26/alpine3.24/Dockerfile (no ENTRYPOINT)"),
		StepDownCaps: none(golangRepo + "1.26/alpine3.24/Dockerfile (no ENTRYPOINT)"),
		Tools:        list(alpineWget, "wget"),
	},

	// --- applications ---------------------------------------------------------
	wordpress(nil, "apache", wpRepo+"latest/php8.3/apache/Dockerfile", Debian, list(phpRepo+"8.4/bookworm/apache/Dockerfile:37 (the php:apache base installs curl)", "curl")),
	wordpress([]string{"fpm"}, "fpm", wpRepo+"latest/php8.3/fpm/Dockerfile", Debian, list(phpRepo+"8.4/bookworm/fpm/Dockerfile:37 (the php:fpm base installs curl)", "curl")),
	wordpress([]string{"fpm", "alpine"}, "fpm", wpRepo+"latest/php8.3/fpm-alpine/Dockerfile", Alpine, list(phpRepo+"8.4/alpine3.24/fpm/Dockerfile:25 (the php:fpm-alpine base installs curl); "+alpineWget, "curl", "wget")),
	// wordpress:cli is the WP-CLI image, which was not read.
	{Image: "wordpress", Variant: []string{"cli"}, Name: "wordpress", Kind: Runtime},
	grafana("grafana/grafana"), grafana("grafana/grafana-oss"), grafana("grafana/grafana-enterprise"),
	// The Ubuntu variant of grafana was not read.
	{Image: "grafana/grafana*", Variant: []string{"ubuntu"}, Name: "grafana", Kind: Service},
	prometheus("prom/prometheus"), prometheus("quay.io/prometheus/prometheus"),
	{
		Image: "minio/minio", Name: "minio", Kind: Service,
		Distro:       known(RHEL, minioRepo+"Dockerfile.release:37 (FROM ubi9/ubi-micro)"),
		User:         root(minioRepo + "Dockerfile.release (no USER)"),
		StepDown:     noStepDown(minioRepo + "dockerscripts/docker-entrypoint.sh (switches user only when the deprecated MINIO_USERNAME is set, else execs minio)"),
		StepDownCaps: none(minioRepo + "dockerscripts/docker-entrypoint.sh (execs minio as it is)"),
		ProcessCaps:  none(minioRepo + "Dockerfile.release:69 (EXPOSE 9000: above 1024)"),
		Data:         volumes(minioRepo+"Dockerfile.release:70 (VOLUME [\"/data\"])", "/data"),
		Port:         known(9000, minioRepo+"Dockerfile.release:69 (EXPOSE 9000)"),
		Health:       known("curl -fsS -o /dev/null http://localhost:{port}/minio/health/live", minioRepo+"Dockerfile.release:63 (COPY curl into /usr/bin); MinIO healthcheck API, https://min.io/docs/minio/linux/operations/monitoring/healthcheck-probe.html (/minio/health/live)"),
		Tools:        list(minioRepo+"Dockerfile.release:63 (COPY --from=build /go/bin/curl* /usr/bin/)", "curl"),
	},

	// --- operating system bases ----------------------------------------------
	base("alpine", nil, Alpine, alpineRepo+"x86_64/Dockerfile:1-3 (FROM scratch; ADD the minirootfs; CMD /bin/sh; no USER)", list(alpineWget, "wget")),
	base("busybox", nil, BusyBox, busyboxRepo+"latest/musl/Dockerfile:3-5 (FROM scratch; ADD busybox.tar.gz; CMD sh; no USER)",
		list(busyboxRepo+"latest/musl/Dockerfile.builder:98 (make defconfig: BusyBox with its wget applet)", "wget")),
	base("debian", nil, Debian, debianRepo+"bookworm/Dockerfile:3-5 (FROM scratch; ADD the rootfs; CMD bash; no USER)", Fact[[]string]{}),
	base("fedora", nil, RHEL, "fedora-cloud/docker-brew-fedora@10217c9601 x86_64/Dockerfile:1,4-5 (FROM scratch; ADD the rootfs; CMD /bin/bash; no USER)", Fact[[]string]{}),
	base("amazonlinux", nil, RHEL, "amazonlinux/container-images@e021424370 Dockerfile:12-15 (FROM scratch; COPY the rootfs; CMD /bin/bash; no USER)", Fact[[]string]{}),
	base("buildpack-deps", nil, Debian, bpdRepo+"debian/bookworm/curl/Dockerfile:7 (FROM debian:bookworm; no USER)", list(bpdTools, "curl", "wget")),
	{
		Image: "rust", Name: "rust", Kind: Build,
		Distro:       known(Debian, "rust-lang/docker-rust@55d711ee98 stable/bookworm/Dockerfile:1 (FROM buildpack-deps:bookworm)"),
		User:         root("rust-lang/docker-rust@55d711ee98 stable/bookworm/Dockerfile (no USER)"),
		StepDown:     noStepDown("rust-lang/docker-rust@55d711ee98 stable/bookworm/Dockerfile (no ENTRYPOINT)"),
		StepDownCaps: none("rust-lang/docker-rust@55d711ee98 stable/bookworm/Dockerfile (no ENTRYPOINT)"),
		Tools:        list(bpdTools, "curl", "wget"),
	},
	// Families not read: their tag words keep them from matching the
	// families above.
	{Image: "rust", Variant: []string{"slim"}, Name: "rust", Kind: Build},
	// nextcloud: only how it reads secrets was read.
	{
		Image: "nextcloud", Name: "nextcloud", Kind: Service,
		FileEnv: known(FileEnv{Prefixes: []string{"POSTGRES_", "MYSQL_", "NEXTCLOUD_ADMIN_", "SMTP_", "REDIS_HOST_"}, Reader: "www-data (uid 33)"},
			nextcloudRepo+".config/autoconfig.php:9-27 (MYSQL_x_FILE and POSTGRES_x_FILE read with file_get_contents, in PHP run as www-data); .config/redis.config.php:8 (REDIS_HOST_PASSWORD_FILE); .config/smtp.config.php:15-16 (SMTP_PASSWORD_FILE); docker-entrypoint.sh:218-235 (file_env NEXTCLOUD_ADMIN_ and the database variables)"),
	},
	{Image: "rust", Variant: []string{"alpine"}, Name: "rust", Kind: Build},
	{Image: "mysql", Variant: []string{"debian"}, Name: "mysql", Kind: Service},
	{Image: "mariadb", Variant: []string{"ubi"}, Name: "mariadb", Kind: Service},
	{Image: "caddy", Variant: []string{"builder"}, Name: "caddy", Kind: Build},
	base("ubuntu", nil, Ubuntu, ubuntuRepo+"library/ubuntu:5-8 (the rootfs of cloud-images/+oci/ubuntu-base; no user: its config runs bash as root)", Fact[[]string]{}),

	// --- images that name their own non-root user --------------------------
	{
		Image: "gcr.io/distroless/*", Name: "distroless", Kind: Base,
		Distro:  known(Distroless, distroless+"README.md:185 (no shell outside the :debug tags)"),
		User:    root(distroless + "common/variables.bzl:17-22, static/static.bzl:11 (the latest tags run as root, uid 0)"),
		NonRoot: known(account("nonroot", 65532, 65532), distroless+"common/variables.bzl:18 (NONROOT = 65532); static/static.bzl:11 (nonroot, /home/nonroot)"),
	},
	{
		Image: "gcr.io/distroless/*", Variant: []string{"nonroot"}, Name: "distroless", Kind: Base,
		Distro:  known(Distroless, distroless+"README.md:185 (no shell outside the :debug tags)"),
		User:    known(account("nonroot", 65532, 65532), distroless+"common/variables.bzl:18 (NONROOT = 65532); static/static.bzl:11"),
		NonRoot: known(account("nonroot", 65532, 65532), distroless+"common/variables.bzl:18 (NONROOT = 65532)"),
	},
	{
		Image: "gcr.io/distroless/*", Variant: []string{"debug"}, Name: "distroless", Kind: Base,
		Distro:  known(BusyBox, distroless+"README.md:185 (the :debug tags add a BusyBox shell)"),
		User:    root(distroless + "common/variables.bzl:17-22 (the tags without nonroot run as root)"),
		NonRoot: known(account("nonroot", 65532, 65532), distroless+"common/variables.bzl:18 (NONROOT = 65532)"),
	},
	{
		Image: "gcr.io/distroless/*", Variant: []string{"debug", "nonroot"}, Name: "distroless", Kind: Base,
		Distro:  known(BusyBox, distroless+"README.md:185,215 (the :debug tags add a BusyBox shell)"),
		User:    known(account("nonroot", 65532, 65532), distroless+"common/variables.bzl:18 (NONROOT = 65532)"),
		NonRoot: known(account("nonroot", 65532, 65532), distroless+"common/variables.bzl:18 (NONROOT = 65532)"),
	},
	{
		Image: "bitnami/*", Name: "bitnami", Kind: Service,
		User: known(Account{UID: -1, GID: -1}, "bitnami/containers@f46079cebd bitnami/*/README.md (\"Why use a non-root container?\": the images run as a non-root user)"),
	},
	{
		Image: "cgr.dev/chainguard/*", Name: "chainguard", Kind: Service,
		User: known(Account{UID: -1, GID: -1}, "Chainguard, Migrating to Chainguard Container Images, https://edu.chainguard.dev/downloads/migrating-to-chainguard-images.pdf (the images do not run as root)"),
	},
}

// postgres is the profile of one postgres family. df is the Dockerfile
// read; the line arguments locate its user, VOLUME and FROM.
func postgres(variant []string, since, before, df string, user Account, userLines, volumeLine, data string, distro Distro, fromLine string) Profile {
	entry := pgRepo + "docker-entrypoint.sh"
	return Profile{
		Image: "postgres", Variant: variant, Since: since, Before: before, Name: "postgres", Kind: Service,
		Distro:   known(distro, df+":"+fromLine+" (FROM)"),
		User:     root(df + " (no USER)"),
		StepDown: known(StepDown{By: "gosu", To: "postgres", Entrypoint: true}, entry+":338 (exec gosu postgres)"),
		// chmod failures are ignored (`|| :`), so FOWNER is not needed;
		// find on the 0700 PGDATA of an existing database is not.
		StepDownCaps: list(entry+":2,39-59,338 (set -Eeo pipefail; find \"$PGDATA\" and /var/run/postgresql ! -user postgres -exec chown postgres, where PGDATA is mode 0700; chmod failures ignored; exec gosu postgres)",
			"CHOWN", "DAC_OVERRIDE", "SETGID", "SETUID"),
		ProcessCaps: none(df + " (EXPOSE 5432; postgres runs as postgres)"),
		Writable:    list(df+" (install --directory ... /var/run/postgresql: the socket directory); "+entry+":44-45,59", "/var/run/postgresql"),
		Data:        volumes(df+":"+volumeLine+" (VOLUME "+data+")", data),
		Port:        known(5432, df+" (EXPOSE 5432)"),
		// pg_isready needs no valid role, but logs a failed connection
		// for a role that does not exist: name the one the image creates.
		Health:  known(`pg_isready -U "${POSTGRES_USER:-postgres}"`, df+" (installs the PostgreSQL client programs beside pg_ctl, which the entrypoint runs)"),
		Tools:   alpineTools(distro),
		NonRoot: known(user, df+":"+userLines+" (creates "+user.String()+"); "+docsRepo+"postgres/content.md:190-192 (\"Arbitrary --user Notes\": the image runs as another user)"),
		FileEnv: known(FileEnv{Prefixes: []string{"POSTGRES_"}}, entry+":233-239,338 (docker_setup_env runs file_env 'POSTGRES_PASSWORD', POSTGRES_USER, POSTGRES_DB, POSTGRES_INITDB_ARGS as root, before exec gosu postgres)"),
		Auth: known(Auth{Password: "POSTGRES_PASSWORD", InitOnly: true},
			entry+":105-119 (an uninitialized database needs POSTGRES_PASSWORD unless POSTGRES_HOST_AUTH_METHOD is trust); :263-280 (pg_setup_hba_conf writes the method into pg_hba.conf); :341-342 (only when the data directory is empty)"),
	}
}

// alpineTools is BusyBox wget on Alpine images, else unknown.
func alpineTools(d Distro) Fact[[]string] {
	if d == Alpine {
		return list(alpineWget, "wget")
	}
	return Fact[[]string]{}
}

func redis7(variant []string, df string, user Account, distro Distro) Profile {
	entry := redis7Repo + "7.2/debian/docker-entrypoint.sh"
	if distro == Alpine {
		entry = redis7Repo + "7.2/alpine/docker-entrypoint.sh"
	}
	return Profile{
		Image: "redis", Variant: variant, Before: "8", Name: "redis", Kind: Service,
		Distro:   known(distro, df+":7 (FROM)"),
		User:     root(df + " (no USER)"),
		StepDown: known(StepDown{By: "gosu", To: "redis", Entrypoint: true}, entry+":13 (exec gosu redis)"),
		// redis-server runs under umask 0077 (line 21), so the
		// appendonlydir it creates is 0700: find needs DAC_OVERRIDE.
		StepDownCaps: list(entry+":2,12-13,21 (set -e; find . ! -user redis -exec chown redis in /data, whose subdirectories redis creates under umask 0077; exec gosu redis)",
			"CHOWN", "DAC_OVERRIDE", "SETGID", "SETUID"),
		ProcessCaps: none(df + " (EXPOSE 6379; redis-server runs as redis)"),
		Writable:    none(df + " (WORKDIR /data, VOLUME /data: redis-server writes its dumps in /data)"),
		Data:        volumes(df+" (VOLUME /data)", "/data"),
		Port:        known(6379, df+" (EXPOSE 6379)"),
		Health:      known("redis-cli ping", df+" (redis-cli --version: redis-cli is installed)"),
		Tools:       alpineTools(distro),
		NonRoot:     known(user, df+":11-13 (creates "+user.String()+"); "+entry+":10 (\"allow the container to be started with --user\")"),
	}
}

func valkey(variant []string, df, entry string, user Account, distro Distro, userLines, cliLine string) Profile {
	health := Fact[string]{}
	if cliLine != "" {
		health = known("valkey-cli ping", df+":"+cliLine+" (valkey-cli --version: valkey-cli is installed)")
	}
	return Profile{
		Image: "valkey/valkey", Variant: variant, Name: "valkey", Kind: Service,
		Distro:   known(distro, df+":7 (FROM)"),
		User:     root(df + " (no USER)"),
		StepDown: known(StepDown{By: "setpriv", To: "valkey", Entrypoint: true}, entry+":13 (exec setpriv --reuid=valkey --regid=valkey --clear-groups)"),
		StepDownCaps: list(entry+":2,12-13,19 (set -e; find . ! -user valkey -exec chown valkey in /data, whose subdirectories valkey creates under umask 0077; setpriv --reuid --regid --clear-groups)",
			"CHOWN", "DAC_OVERRIDE", "SETGID", "SETUID"),
		ProcessCaps: none(df + " (EXPOSE 6379; valkey-server runs as valkey)"),
		Writable:    none(df + " (WORKDIR /data, VOLUME /data: valkey-server writes its dumps in /data)"),
		Data:        volumes(df+" (VOLUME /data)", "/data"),
		Port:        known(6379, df+" (EXPOSE 6379)"),
		Health:      health,
		Tools:       alpineTools(distro),
		NonRoot:     known(user, df+":"+userLines+" (creates "+user.String()+"); "+entry+":10 (\"allow the container to be started with --user\")"),
	}
}

func memcached(variant []string, df string, distro Distro, userLines, userLine, portLine string, tools Fact[[]string]) Profile {
	user := account("memcache", 11211, 11211)
	return Profile{
		Image: "memcached", Variant: variant, Name: "memcached", Kind: Service,
		Distro:       known(distro, df+":7 (FROM)"),
		User:         known(user, df+":"+userLines+","+userLine+" (memcache is uid 11211; USER memcache)"),
		StepDown:     noStepDown(memcachedRepo + "1/debian/docker-entrypoint.sh (execs memcached as it is)"),
		StepDownCaps: none(df + ":" + userLine + " (USER memcache: no root entrypoint)"),
		ProcessCaps:  none(df + ":" + userLine + "," + portLine + " (EXPOSE 11211 as memcache)"),
		Writable:     none(df + " (no VOLUME; memcached keeps its data in memory)"),
		Data:         known([]Data{}, df+" (no VOLUME; memcached keeps its data in memory)"),
		Port:         known(11211, df+":"+portLine+" (EXPOSE 11211)"),
		Tools:        tools,
		NonRoot:      known(user, df+":"+userLine+" (USER memcache)"),
	}
}

func rabbitmq(variant []string, df, entry string, distro Distro, tool string, user Account, userLines, volumeLine, portLine string) Profile {
	return Profile{
		Image: "rabbitmq", Variant: variant, Name: "rabbitmq", Kind: Service,
		Distro:   known(distro, df+" (final FROM)"),
		User:     root(df + " (no USER)"),
		StepDown: known(StepDown{By: tool, To: "rabbitmq", Entrypoint: true}, entry+":10 (exec "+tool+" rabbitmq)"),
		StepDownCaps: list(entry+":2,7,10 (set -euo pipefail; find /var/lib/rabbitmq ! -user rabbitmq -exec chown rabbitmq; exec "+tool+" rabbitmq)",
			"CHOWN", "DAC_OVERRIDE", "SETGID", "SETUID"),
		ProcessCaps: none(df + ":" + portLine + " (EXPOSE 4369 5671 5672 15691 15692 25672, as rabbitmq)"),
		Data:        volumes(df+":"+volumeLine+" (VOLUME $RABBITMQ_DATA_DIR, /var/lib/rabbitmq)", "/var/lib/rabbitmq"),
		Port:        known(5672, df+":"+portLine+" (EXPOSE ... 5672 ...)"),
		Health:      known("rabbitmq-diagnostics -q ping", df+" (ENV PATH=$RABBITMQ_HOME/sbin:$PATH, where rabbitmq-diagnostics sits beside the rabbitmqctl the Dockerfile runs)"),
		Tools:       alpineTools(distro),
		NonRoot:     known(user, df+":"+userLines+" (creates "+user.String()+"); "+entry+":4 (\"allow the container to be started with --user\")"),
	}
}

// nginx is the profile of one nginx family; the lines of the slim
// Dockerfile hold for the full Alpine one, which builds on it.
func nginx(variant []string, df string, distro Distro, fromLine, userLines, entryLine, portLine string, tools Fact[[]string]) Profile {
	if userLines == "" {
		df, userLines, entryLine, portLine = nginxRepo+"mainline/alpine-slim/Dockerfile", "16-17", "117", "119"
	}
	conf := unprivRepo + "mainline/debian/Dockerfile:139-144 (the nginx.conf the unprivileged image edits says user nginx, pid /var/run/nginx.pid, and keeps its temporary files under /var/cache/nginx)"
	return Profile{
		Image: "nginx", Variant: variant, Name: "nginx", Kind: Service,
		Distro:       known(distro, df+":"+fromLine+" (FROM)"),
		User:         root(df + " (no USER)"),
		StepDown:     known(StepDown{By: "worker processes", To: "nginx"}, conf),
		StepDownCaps: none(nginxRepo + "entrypoint/docker-entrypoint.sh (runs the scripts of /docker-entrypoint.d as root, then execs nginx)"),
		// The master process creates the temporary directories and
		// chowns them to the worker user (nginx src/core/ngx_file.c,
		// ngx_create_paths), switches its workers to nginx and binds 80.
		ProcessCaps: list(conf+"; nginx/nginx src/core/ngx_file.c ngx_create_paths (chown of the temporary directories to the worker user); "+df+":"+portLine+" (EXPOSE 80); "+lowPortDocs,
			"CHOWN", "NET_BIND_SERVICE", "SETGID", "SETUID"),
		Writable: list(conf, "/var/cache/nginx", "/var/run"),
		Data:     known([]Data{}, df+" (no VOLUME)"),
		Port:     known(80, df+":"+portLine+" (EXPOSE 80)"),
		Tools:    tools,
	}
}

func unprivileged(variant []string, df string, distro Distro, userLines, confLines, portLine, userLine string, tools Fact[[]string]) Profile {
	if userLines == "" {
		df, userLines, confLines, portLine, userLine = unprivRepo+"mainline/alpine-slim/Dockerfile", "15-21", "117-120", "134", "138"
	}
	user := account("nginx", 101, 101)
	return Profile{
		Image: "nginxinc/nginx-unprivileged", Variant: variant, Name: "nginx-unprivileged", Kind: Service,
		Distro:       known(distro, df+":7 (FROM $IMAGE)"),
		User:         known(user, df+":"+userLines+","+userLine+" (ARG UID=101; nginx is uid 101; USER $UID)"),
		StepDown:     noStepDown(df + ":" + confLines + " (removes the user directive: nginx runs as uid 101 throughout)"),
		StepDownCaps: none(df + ":" + userLine + " (USER $UID: no root entrypoint)"),
		ProcessCaps:  none(df + ":" + portLine + "," + userLine + " (EXPOSE 8080 as uid 101)"),
		Writable:     list(df+":"+confLines+" (pid /tmp/nginx.pid and every temporary path under /tmp)", "/tmp"),
		Data:         known([]Data{}, df+" (no VOLUME)"),
		Port:         known(8080, df+":"+portLine+" (EXPOSE 8080)"),
		Tools:        tools,
		NonRoot:      known(user, df+":"+userLine+" (USER $UID)"),
	}
}

func httpd(variant []string, df string, distro Distro, fromLine, userLines, portLine string, workers Account, tools Fact[[]string]) Profile {
	fg := httpdRepo + "2.4/httpd-foreground"
	return Profile{
		Image: "httpd", Variant: variant, Name: "httpd", Kind: Service,
		Distro:       known(distro, df+":"+fromLine+" (FROM)"),
		User:         root(df + " (no USER)"),
		StepDown:     known(StepDown{By: "worker processes", To: workers.Name}, df+":"+userLines+" (httpd.conf: User www-data, Group www-data)"),
		StepDownCaps: none(fg + ":5-7 (removes the pid file, then execs httpd)"),
		ProcessCaps: list(df+":"+userLines+","+portLine+" (the root master runs its workers as www-data; EXPOSE 80); "+lowPortDocs,
			"NET_BIND_SERVICE", "SETGID", "SETUID"),
		Writable: list(fg+":5 (httpd.pid lives in /usr/local/apache2/logs); "+df+" (the logs themselves go to /proc/self/fd/1 and 2)", "/usr/local/apache2/logs"),
		Data:     known([]Data{}, df+" (no VOLUME)"),
		Port:     known(80, df+":"+portLine+" (EXPOSE 80)"),
		Tools:    tools,
	}
}

func haproxy(variant []string, df string, distro Distro, fromLine, userLines, userLine string, tools Fact[[]string]) Profile {
	user := account("haproxy", 99, 99)
	return Profile{
		Image: "haproxy", Variant: variant, Since: "2.4", Name: "haproxy", Kind: Service,
		Distro:       known(distro, df+":"+fromLine+" (FROM)"),
		User:         known(user, df+":"+userLines+","+userLine+" (haproxy is uid 99; USER haproxy); "+docsRepo+"haproxy/content.md:44 (2.4 and later run as haproxy)"),
		StepDown:     noStepDown(haproxyRepo + "3.2/docker-entrypoint.sh (adds -W -db and execs haproxy)"),
		StepDownCaps: none(df + ":" + userLine + " (USER haproxy: no root entrypoint)"),
		// A non-root process gets no capability from cap_add: low ports
		// come from the sysctl the docs describe.
		ProcessCaps: none(df + ":" + userLine + " (USER haproxy); " + lowPortDocs),
		Tools:       tools,
		NonRoot:     known(user, df+":"+userLine+" (USER haproxy)"),
	}
}

// runtime is a language runtime: the program it runs decides its port,
// writes and capabilities, which stay unknown.
func runtime(image string, variant []string, from string, distro Distro, tools Fact[[]string], nonRoot Fact[Account], entry string) Profile {
	return Profile{
		Image: image, Variant: variant, Name: image, Kind: Runtime,
		Distro:       known(distro, from),
		User:         root(from + "; no USER"),
		StepDown:     noStepDown(entry),
		StepDownCaps: none(entry),
		Tools:        tools,
		NonRoot:      nonRoot,
	}
}

func phpFPM(variant []string, df string, distro Distro, fpmUserLines, portLine string, tools Fact[[]string]) Profile {
	return Profile{
		Image: "php", Variant: append([]string{"fpm"}, variant...), Name: "php-fpm", Kind: Service,
		Distro:       known(distro, df+":7 (FROM)"),
		User:         root(df + " (no USER)"),
		StepDown:     known(StepDown{By: "worker processes", To: "www-data"}, df+":"+fpmUserLines+" (--with-fpm-user=www-data --with-fpm-group=www-data)"),
		StepDownCaps: none(df + " (docker-php-entrypoint execs php-fpm)"),
		ProcessCaps:  list(df+":"+fpmUserLines+","+portLine+" (the root master runs its pool as www-data; EXPOSE 9000)", "SETGID", "SETUID"),
		Port:         known(9000, df+":"+portLine+" (EXPOSE 9000, FastCGI)"),
		Tools:        tools,
	}
}

func phpApache() Profile {
	df := phpRepo + "8.4/bookworm/apache/Dockerfile"
	return Profile{
		Image: "php", Variant: []string{"apache"}, Name: "php-apache", Kind: Service,
		Distro:       known(Debian, df+":7 (FROM debian:bookworm-slim)"),
		User:         root(df + " (no USER)"),
		StepDown:     known(StepDown{By: "worker processes", To: "www-data"}, df+":60-80 (APACHE_RUN_USER www-data)"),
		StepDownCaps: none(phpRepo + "8.4/bookworm/apache/apache2-foreground (creates the run directories as root, then execs apache2)"),
		ProcessCaps:  list(df+":60-80,293 (the root master runs its workers as www-data; EXPOSE 80); "+lowPortDocs, "NET_BIND_SERVICE", "SETGID", "SETUID"),
		Port:         known(80, df+":293 (EXPOSE 80)"),
		Tools:        list(df+":37 (installs curl as a runtime dependency)", "curl"),
	}
}

func wordpress(variant []string, server, df string, distro Distro, tools Fact[[]string]) Profile {
	entry := wpRepo + "latest/php8.3/apache/docker-entrypoint.sh"
	p := Profile{
		Image: "wordpress", Variant: variant, Name: "wordpress", Kind: Service,
		Distro:   known(distro, df+":7 (FROM php)"),
		User:     root(df + " (no USER)"),
		StepDown: known(StepDown{By: "worker processes", To: "www-data"}, df+" (the php:"+server+" base runs its workers as www-data)"),
		// As root, the entrypoint chowns the web root and extracts
		// WordPress into it with tar, which sets owner (CHOWN) and then
		// modes and times of files it no longer owns (FOWNER), in a
		// directory owned by www-data (DAC_OVERRIDE).
		StepDownCaps: list(entry+":2,29-31,39-66 (set -Eeuo pipefail; chown \"$user:$group\" .; tar --owner www-data into the web root, as root)",
			"CHOWN", "DAC_OVERRIDE", "FOWNER"),
		Data:  volumes(df+" (VOLUME /var/www/html)", "/var/www/html"),
		Tools: tools,
		FileEnv: known(FileEnv{Prefixes: []string{"WORDPRESS_"}, Reader: "www-data (uid 33)"},
			wpRepo+"wp-config-docker.php:26-40 (getenv_docker reads WORDPRESS_x_FILE in PHP, which runs as www-data)"),
	}
	if server == "apache" {
		p.ProcessCaps = list(phpRepo+"8.4/bookworm/apache/Dockerfile:60-80,293 (the root master runs its workers as www-data; EXPOSE 80); "+lowPortDocs, "NET_BIND_SERVICE", "SETGID", "SETUID")
		p.Port = known(80, phpRepo+"8.4/bookworm/apache/Dockerfile:293 (EXPOSE 80)")
	} else {
		p.ProcessCaps = list(phpRepo+"8.4/bookworm/fpm/Dockerfile:175-176,277 (the root master runs its pool as www-data; EXPOSE 9000)", "SETGID", "SETUID")
		p.Port = known(9000, phpRepo+"8.4/bookworm/fpm/Dockerfile:277 (EXPOSE 9000, FastCGI)")
	}
	return p
}

func grafana(image string) Profile {
	df := grafanaRepo + "Dockerfile"
	user := account("grafana", 472, 0)
	return Profile{
		Image: image, Name: "grafana", Kind: Service,
		Distro:       known(Alpine, df+" (ARG BASE_IMAGE=alpine:3.21; final FROM ${BASE_IMAGE})"),
		User:         known(user, df+" (ARG GF_UID=\"472\" GF_GID=\"0\"; adduser -u $GF_UID grafana; USER \"$GF_UID\")"),
		StepDown:     noStepDown(df + " (USER \"$GF_UID\" before ENTRYPOINT /run.sh)"),
		StepDownCaps: none(df + " (USER \"$GF_UID\": no root entrypoint)"),
		ProcessCaps:  none(df + " (EXPOSE 3000 as uid 472)"),
		Data: known([]Data{{Path: "/var/lib/grafana"}},
			df+" (GF_PATHS_DATA=/var/lib/grafana, no VOLUME); grafana/grafana@0775459 packaging/docker/run.sh (checks that GF_PATHS_DATA is writable; logs to the console)"),
		Port:    known(3000, df+" (EXPOSE 3000)"),
		Health:  known("curl -fsS -o /dev/null http://localhost:{port}/api/health", df+" (apk add ... curl); Grafana HTTP API, https://grafana.com/docs/grafana/latest/developers/http_api/other/#health-api (GET /api/health)"),
		Tools:   list(df+" (apk add ca-certificates bash curl tzdata musl-utils); "+alpineWget, "curl", "wget"),
		NonRoot: known(user, df+" (USER \"$GF_UID\")"),
	}
}

func prometheus(image string) Profile {
	df := promRepo + "Dockerfile"
	user := account("nobody", 65534, 65534)
	return Profile{
		Image: image, Name: "prometheus", Kind: Service,
		Distro:       known(BusyBox, df+":3 (FROM quay.io/prometheus/busybox)"),
		User:         known(user, df+":26 (USER nobody)"),
		StepDown:     noStepDown(df + ":26,29 (USER nobody; ENTRYPOINT /bin/prometheus)"),
		StepDownCaps: none(df + ":26 (USER nobody: no root entrypoint)"),
		ProcessCaps:  none(df + ":26-27 (EXPOSE 9090 as nobody)"),
		Writable:     none(df + ":28,31 (VOLUME /prometheus; --storage.tsdb.path=/prometheus is where it writes)"),
		Data:         volumes(df+":28 (VOLUME [ \"/prometheus\" ])", "/prometheus"),
		Port:         known(9090, df+":27 (EXPOSE 9090)"),
		Health:       known("wget -q -O /dev/null http://localhost:{port}/-/healthy", df+":3 (a BusyBox base, with its wget applet); Prometheus management API, https://prometheus.io/docs/prometheus/latest/management_api/ (GET /-/healthy)"),
		Tools:        list(df+":3 (FROM quay.io/prometheus/busybox: BusyBox wget)", "wget"),
		NonRoot:      known(user, df+":26 (USER nobody)"),
	}
}

// base is an operating system image: it runs what the Dockerfile says,
// as root.
func base(image string, variant []string, distro Distro, df string, tools Fact[[]string]) Profile {
	return Profile{
		Image: image, Variant: variant, Name: image, Kind: Base,
		Distro:       known(distro, df),
		User:         root(df),
		StepDown:     noStepDown(df),
		StepDownCaps: none(df),
		Tools:        tools,
	}
}
