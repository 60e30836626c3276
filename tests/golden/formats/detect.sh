# --detect names each file's format and why. The extended samples are combined lines with
# extra fields: read as combined (their own format string unlocks the rest), never as alb.
statuslint --detect samples/combined.log samples/clean.log samples/nginx-extended.log samples/apache-extended.log
