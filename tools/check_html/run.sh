#!/bin/sh
# make check-html: serve the demo newsroom on a scratch SQLite database, check its pages, stop.
set -eu
cd "$(dirname "$0")/../.."
PYTHON=${PYTHON:-.venv/bin/python}
PORT=${CHECK_HTML_PORT:-8041}
SCRATCH=$(mktemp -d)
DB=$SCRATCH/check_html.sqlite3
export DATABASE_URL="sqlite:///$DB" STATIC_ROOT="$SCRATCH/static" DJANGO_DEBUG=0 DJANGO_SECRET_KEY=check-html-only \
  DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0
NEWSROOM_FIELD_ENCRYPTION_KEY=$($PYTHON -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())")
export NEWSROOM_FIELD_ENCRYPTION_KEY
$PYTHON manage.py migrate --noinput -v0
$PYTHON manage.py collectstatic --noinput -v0  # debug off serves hashed names from the manifest
$PYTHON manage.py load_demo_newsroom >/dev/null
(cd tools/check_html && npm ci --no-audit --no-fund --ignore-scripts >/dev/null)
$PYTHON manage.py runserver --insecure --noreload "127.0.0.1:$PORT" >"$DB.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER' EXIT
# Wait until the server answers (a busy machine may take a while to start it).
curl -fs --retry 60 --retry-connrefused --retry-delay 1 "http://127.0.0.1:$PORT/robots.txt" >/dev/null ||
  { echo "check-html: the demo server did not answer; see $DB.log" >&2; exit 1; }
node tools/check_html/check.mjs "http://127.0.0.1:$PORT" \
  / /2016/12/26/washington-uneasy-as-pakistan-and-russia-draw-closer/ \
  /sections/pakistan/ /topics/pakistan-russia-relations/ /authors/sana-malik/ \
  /2017/01/10/karachi-traders-count-the-cost-of-new-port-charges/ \
  /people/huma-baqai/ /organisations/pakistan-foreign-ministry/ \
  /archive/ /archive/2016/ /archive/2016/12/ /corrections/ /search/ "/search/?q=Baqai" \
  /no-such-page/
