"""Step parameter types. {x:Q} is the text between double quotes (possibly empty), never
crossing a quote, so that step patterns do not swallow one another."""
import parse
from behave import register_type


@parse.with_pattern(r'[^"]*')
def parse_quoted(text):
    return text


register_type(Q=parse_quoted)
