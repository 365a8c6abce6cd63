"""A database per scenario in a PostgreSQL cluster that the test stage started (postgres.sh):
created with psql before the scenario, dropped after it, so scenarios never see each other's rows."""
import subprocess
import urllib.parse


def _with_database(url, name):
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))


def _psql(url, sql):
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql], check=True,
                   stdout=subprocess.DEVNULL, timeout=30)


def create(cluster_url, name):
    """The URL of a new, empty database `name` in the cluster of `cluster_url`."""
    _psql(cluster_url, 'DROP DATABASE IF EXISTS "%s"' % name)
    _psql(cluster_url, 'CREATE DATABASE "%s"' % name)
    return _with_database(cluster_url, name)


def drop(cluster_url, database_url):
    name = urllib.parse.urlsplit(database_url).path.lstrip("/")
    _psql(cluster_url, 'DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name)
