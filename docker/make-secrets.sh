#!/bin/sh
# Makes, once, what docker/etc/config.properties needs in the secrets volume: a key pair and a
# self-signed certificate (server.pem is what clients trust), and a random password for each demo
# user of etc/rules.json (bcrypt hashes in password.db, the passwords in demo-passwords).
set -eu
dir=${1:?usage: make-secrets.sh DIRECTORY}
: "${LAKEHOUSE_KEYSTORE_PASSWORD:?set LAKEHOUSE_KEYSTORE_PASSWORD}"
umask 077
mkdir -p "$dir"
if [ ! -f "$dir/keystore.p12" ]; then
    keytool -genkeypair -alias lakehouse -keyalg RSA -keysize 2048 -validity 3650 \
        -dname "CN=localhost, O=lakehouse" -ext "SAN=dns:localhost,dns:trino,ip:127.0.0.1" \
        -keystore "$dir/keystore.p12" -storetype PKCS12 -storepass "$LAKEHOUSE_KEYSTORE_PASSWORD"
fi
keytool -exportcert -rfc -alias lakehouse -keystore "$dir/keystore.p12" -storetype PKCS12 \
    -storepass "$LAKEHOUSE_KEYSTORE_PASSWORD" -file "$dir/server.pem"
touch "$dir/demo-passwords"
for user in admin data_engineer data_scientist analyst; do
    if ! grep -q "^$user=" "$dir/demo-passwords"; then
        password=$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n' | cut -c 1-32)
        echo "$password" | java -cp '/tools/lakehouse-security/*' io.lakehouseml.security.PasswordFile add "$dir/password.db" "$user"
        echo "$user=$password" >>"$dir/demo-passwords"
    fi
done
# the Trino image runs as the user trino (uid 1000): it reads the keystore and the password file
chown -R 1000:1000 "$dir"
chmod 644 "$dir/server.pem"
