! examples/fortran/laplacian.f90 -- the C API from Fortran: the Laplacian of log |x|^2 in 3-D.
!
! With r = |x|^2, d^2 f / dx_i^2 = 2/r - 4 x_i^2 / r^2, so the Laplacian is 2/r for n = 3.
! Compiles the expression once, evaluates it at a few points, prints a table and stops with
! a non-zero exit code if any point is off by more than 1e-12 relative.
program laplacian
  use, intrinsic :: iso_c_binding, only: c_double, c_int32_t, c_null_char, c_ptr, c_size_t
  use taylordiag
  implicit none

  integer, parameter :: k = 5, n = 3
  ! x(:, p) is point p: the k x n row-major layout of the C API.
  real(c_double), parameter :: x(n, k) = reshape([1d0, 2d0, 0d0, 0.5d0, -0.5d0, 0.25d0, &
                                                  3d0, 4d0, 12d0, -1d-3, 2d-3, 0d0, &
                                                  7d0, 0d0, -1d0], [n, k])
  real(c_double) :: lap(k), val(k), grad(n, k), r, want, err
  integer(c_size_t), parameter :: kk = k, nn = n
  integer(c_int32_t), parameter :: default_threads = 0
  type(c_ptr) :: f
  integer :: p, failures

  print '(a, a, a)', 'taylordiag ', taylordiag_version(), ' (C API from Fortran)'
  if (taylordiag_compile('log(sum(x^2))'//c_null_char, nn, f) /= TAYLORDIAG_OK) then
    print '(a, a)', 'compile: ', taylordiag_error_message()
    error stop 1
  end if
  ! gradient= and value= by keyword; the diagonal is left out (NULL: not computed).
  if (taylordiag_laplacian_d(f, kk, nn, x, lap, default_threads) /= TAYLORDIAG_OK .or. &
      taylordiag_evaluate_d(f, kk, nn, x, value=val, gradient=grad, &
                            threads=default_threads) /= TAYLORDIAG_OK) then
    print '(a, a)', 'evaluate: ', taylordiag_error_message()
    call taylordiag_free(f)
    error stop 1
  end if

  failures = 0
  print '(a30, a13, a24, a24, a10)', 'x', 'f(x)', 'Laplacian', '2/|x|^2', 'rel.err'
  do p = 1, k
    r = sum(x(:, p)**2)
    want = 2 / r
    err = abs(lap(p) - want) / want
    if (err > 1d-12 .or. abs(val(p) - log(r)) > 1d-12 * (1 + abs(log(r))) .or. &
        any(abs(grad(:, p) - 2 * x(:, p) / r) > 1d-12 * (1 + abs(2 * x(:, p) / r)))) then
      failures = failures + 1
      print '(3f10.4, es13.5, 2es24.16, es10.2, a)', x(:, p), val(p), lap(p), want, err, ' MISMATCH'
    else
      print '(3f10.4, es13.5, 2es24.16, es10.2)', x(:, p), val(p), lap(p), want, err
    end if
  end do

  ! An error is a status code plus a message naming the argument.
  if (taylordiag_laplacian_d(f, kk, 2_c_size_t, x, lap, default_threads) /= &
      TAYLORDIAG_INVALID_ARGUMENT) failures = failures + 1
  print '(a, a)', 'n = 2 for a 3-D function: ', taylordiag_error_message()
  call taylordiag_free(f)

  if (failures > 0) then
    print '(a)', 'FAILED'
    error stop 1
  end if
  print '(a)', 'OK: Laplacian = 2/|x|^2 at every point'
end program laplacian
